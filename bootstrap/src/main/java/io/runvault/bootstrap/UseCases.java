package io.runvault.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.runvault.application.AccessPolicy;
import io.runvault.adapters.out.s3.ArchiveSettings;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.BucketLifecycle;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.OperationScheduler;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.application.service.Authenticate;
import io.runvault.application.service.BootstrapAdmin;
import io.runvault.application.service.Audit;
import io.runvault.application.service.GetOperation;
import io.runvault.application.service.InstallLifecycle;
import io.runvault.application.service.JobManifest;
import io.runvault.application.service.MoveArtifacts;
import io.runvault.application.service.PurgeStorage;
import io.runvault.application.service.ResumeOperations;
import io.runvault.application.service.RunOperation;
import io.runvault.application.service.StartOperation;
import io.runvault.application.service.CancelJob;
import io.runvault.application.service.ChangeRunStatus;
import io.runvault.application.service.CompleteUpload;
import io.runvault.application.service.CreateJob;
import io.runvault.application.service.DownloadArtifact;
import io.runvault.application.service.GetJob;
import io.runvault.application.service.GetRun;
import io.runvault.application.service.IssueToken;
import io.runvault.application.service.ListArtifacts;
import io.runvault.application.service.ListJobs;
import io.runvault.application.service.ListRuns;
import io.runvault.application.service.ManageTokens;
import io.runvault.application.service.NoticeStagedUploads;
import io.runvault.application.service.RequestStagedUpload;
import io.runvault.application.service.RequestUpload;
import io.runvault.application.service.SubmitRuns;
import io.runvault.application.service.UploadResults;
import io.runvault.application.service.VerifyArtifacts;
import io.runvault.application.service.VerifyJobs;
import io.runvault.domain.LifecyclePolicy;
import io.runvault.domain.RunnerId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Builds the plain use-case classes with {@code new}, so the core never sees the framework. */
@Factory
class UseCases {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    AccessPolicy accessPolicy(@Value("${runvault.security.workers-may-use-any-job:false}") boolean anyJob) {
        return new AccessPolicy(anyJob);
    }

    @Singleton
    CreateJob createJob(JobRepository jobs, AccessPolicy policy, Clock clock) {
        return new CreateJob(jobs, policy, clock);
    }

    @Singleton
    GetJob getJob(JobRepository jobs, AccessPolicy policy) {
        return new GetJob(jobs, policy);
    }

    @Singleton
    ListJobs listJobs(JobRepository jobs, AccessPolicy policy) {
        return new ListJobs(jobs, policy);
    }

    @Singleton
    SubmitRuns submitRuns(GetJob getJob, RunRepository runs, AccessPolicy policy, Clock clock) {
        return new SubmitRuns(getJob, runs, policy, clock);
    }

    @Singleton
    CancelJob cancelJob(GetJob getJob, RunRepository runs, AccessPolicy policy) {
        return new CancelJob(getJob, runs, policy);
    }

    @Singleton
    ListRuns listRuns(GetJob getJob, RunRepository runs, AccessPolicy policy) {
        return new ListRuns(getJob, runs, policy);
    }

    @Singleton
    GetRun getRun(GetJob getJob, JobRepository jobs, RunRepository runs, AccessPolicy policy) {
        return new GetRun(getJob, jobs, runs, policy);
    }

    @Singleton
    ChangeRunStatus changeRunStatus(GetRun getRun, RunRepository runs, AccessPolicy policy) {
        return new ChangeRunStatus(getRun, runs, policy);
    }

    @Singleton
    RequestUpload requestUpload(GetJob getJob, GetRun getRun, ArtifactRepository artifacts, ArtifactStorage storage,
            AccessPolicy policy, @Value("${runvault.uploads.url-ttl:5m}") Duration urlTtl) {
        return new RequestUpload(getJob, getRun, artifacts, storage, policy, urlTtl);
    }

    @Singleton
    RequestStagedUpload requestStagedUpload(RequestUpload requestUpload, ArtifactStorage storage,
            @Value("${runvault.uploads.url-ttl:5m}") Duration urlTtl) {
        return new RequestStagedUpload(requestUpload, storage, urlTtl);
    }

    @Singleton
    NoticeStagedUploads noticeStagedUploads(JobRepository jobs, ArtifactRepository artifacts,
            ArtifactStorage storage) {
        return new NoticeStagedUploads(jobs, artifacts, storage);
    }

    @Singleton
    CompleteUpload completeUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts,
            ArtifactStorage storage, AccessPolicy policy) {
        return new CompleteUpload(getJob, jobs, artifacts, storage, policy);
    }

    @Singleton
    UploadResults uploadResults(GetJob getJob, RunRepository runs, ArtifactClaims claims, ArtifactStorage storage,
            AccessPolicy policy, @Value("${runvault.uploads.claim-wait:30s}") Duration claimWait) {
        return new UploadResults(getJob, runs, claims, storage, policy, claimWait);
    }

    @Singleton
    ListArtifacts listArtifacts(GetJob getJob, ArtifactRepository artifacts, AccessPolicy policy) {
        return new ListArtifacts(getJob, artifacts, policy);
    }

    @Singleton
    DownloadArtifact downloadArtifact(GetJob getJob, ArtifactRepository artifacts, ArtifactStorage storage,
            AccessPolicy policy, @Value("${runvault.downloads.url-ttl:5m}") Duration urlTtl) {
        return new DownloadArtifact(getJob, artifacts, storage, policy, urlTtl);
    }

    @Singleton
    Authenticate authenticate(TokenRepository tokens, Clock clock) {
        return new Authenticate(tokens, clock);
    }

    @Singleton
    IssueToken issueToken(TokenRepository tokens, JobRepository jobs, RunRepository runs, AccessPolicy policy,
            Clock clock) {
        return new IssueToken(tokens, jobs, runs, policy, clock);
    }

    @Singleton
    ManageTokens manageTokens(TokenRepository tokens, AccessPolicy policy, Clock clock) {
        return new ManageTokens(tokens, policy, clock);
    }

    @Singleton
    BootstrapAdmin bootstrapAdmin(TokenRepository tokens, Clock clock) {
        return new BootstrapAdmin(tokens, clock);
    }

    @Singleton
    StartOperation startOperation(GetJob getJob, JobRepository jobs, OperationRepository operations,
            OperationScheduler scheduler, AccessPolicy policy) {
        return new StartOperation(getJob, jobs, operations, scheduler, policy);
    }

    @Singleton
    MoveArtifacts moveArtifacts(JobRepository jobs, ArtifactRepository artifacts, OperationRepository operations,
            ArtifactStorage storage, ArchiveSettings archive) {
        return new MoveArtifacts(jobs, artifacts, operations, storage, archive.deleteOriginals(),
                archive.maxConsecutiveFailures(), archive.parallelCopies());
    }

    @Singleton
    PurgeStorage purgeStorage(JobRepository jobs, OperationRepository operations, ArtifactStorage storage) {
        return new PurgeStorage(jobs, operations, storage);
    }

    @Singleton
    VerifyArtifacts verifyArtifacts(JobRepository jobs, ArtifactRepository artifacts, OperationRepository operations,
            ArtifactStorage storage, AuditLog audit) {
        return new VerifyArtifacts(jobs, artifacts, operations, storage, audit);
    }

    @Singleton
    RunOperation runOperation(OperationRepository operations, MoveArtifacts moves, PurgeStorage purges,
            VerifyArtifacts verifies, AuditLog audit, @Value("${runvault.operations.lease:1m}") Duration lease) {
        return new RunOperation(operations, moves, purges, verifies, audit, runner(), lease);
    }

    /**
     * This process among the servers sharing the database: host (from the environment: a DNS lookup could stall a
     * start), process id, and a random part, since containers reuse both.
     */
    private static RunnerId runner() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(name -> !name.isBlank()).orElse("host");
        String id = UUID.randomUUID() + " " + host + " " + ProcessHandle.current().pid();
        return new RunnerId(id.length() > RunnerId.MAX_LENGTH ? id.substring(0, RunnerId.MAX_LENGTH) : id);
    }

    @Singleton
    VerifyJobs verifyJobs(JobRepository jobs, StartOperation start, AccessPolicy policy) {
        return new VerifyJobs(jobs, start, policy);
    }

    @Singleton
    GetOperation getOperation(OperationRepository operations, AccessPolicy policy) {
        return new GetOperation(operations, policy);
    }

    @Singleton
    ResumeOperations resumeOperations(OperationRepository operations, OperationScheduler scheduler) {
        return new ResumeOperations(operations, scheduler);
    }

    @Singleton
    JobManifest jobManifest(GetJob getJob, ArtifactRepository artifacts, ArtifactStorage storage,
            @Value("${runvault.downloads.url-ttl:5m}") Duration urlTtl, AccessPolicy policy) {
        return new JobManifest(getJob, artifacts, storage, urlTtl, policy);
    }

    @Singleton
    InstallLifecycle installLifecycle(BucketLifecycle lifecycle, ArchiveSettings archive, AccessPolicy policy) {
        return new InstallLifecycle(lifecycle, new LifecyclePolicy(archive.abortIncompleteUploadsDays(),
                archive.transitionStorageClass(), archive.transitionDays()), policy);
    }

    @Singleton
    Audit audit(AuditLog log, AccessPolicy policy) {
        return new Audit(log, policy);
    }
}
