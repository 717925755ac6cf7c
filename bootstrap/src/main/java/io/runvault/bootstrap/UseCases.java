package io.runvault.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.runvault.adapters.AdapterSettings;
import io.runvault.application.AccessPolicy;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.BucketLifecycle;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.MultipartUploads;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.MoveSteps;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.OperationScheduler;
import io.runvault.application.port.out.RangedReads;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.RunsWithJobs;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.application.port.out.UnitOfWork;
import io.runvault.application.service.operations.Audit;
import io.runvault.application.service.tokens.Authenticate;
import io.runvault.application.service.tokens.BootstrapAdmin;
import io.runvault.application.service.operations.GetOperation;
import io.runvault.application.service.operations.OperationEnds;
import io.runvault.application.service.operations.InstallLifecycle;
import io.runvault.application.service.artifacts.JobManifest;
import io.runvault.application.service.operations.ArchiveJob;
import io.runvault.application.service.operations.MoveArtifacts;
import io.runvault.application.service.operations.MoveBatch;
import io.runvault.application.service.operations.PurgeJob;
import io.runvault.application.service.operations.ResumeOperations;
import io.runvault.application.service.operations.RestoreJob;
import io.runvault.application.service.operations.RunOperation;
import io.runvault.application.service.operations.StartOperation;
import io.runvault.application.service.jobs.CancelJob;
import io.runvault.application.service.runs.ChangeRunStatus;
import io.runvault.application.service.artifacts.CompletePartedUpload;
import io.runvault.application.service.artifacts.CompleteUpload;
import io.runvault.application.service.jobs.CreateJob;
import io.runvault.application.service.artifacts.DownloadArtifact;
import io.runvault.application.service.artifacts.ReadZipEntries;
import io.runvault.application.zip.ZipDirectoryCache;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.operations.GetOperation;
import io.runvault.application.service.runs.GetRun;
import io.runvault.application.service.operations.InstallLifecycle;
import io.runvault.application.service.tokens.IssueToken;
import io.runvault.application.service.artifacts.JobManifest;
import io.runvault.application.service.artifacts.ListArtifacts;
import io.runvault.application.service.jobs.ListJobs;
import io.runvault.application.service.runs.ListRuns;
import io.runvault.application.service.tokens.ManageTokens;
import io.runvault.application.service.operations.MoveArtifacts;
import io.runvault.application.service.artifacts.NoticeStagedUploads;
import io.runvault.application.service.artifacts.RequestStagedUpload;
import io.runvault.application.service.artifacts.RequestPartedUpload;
import io.runvault.application.service.artifacts.RequestUpload;
import io.runvault.application.service.operations.ResumeOperations;
import io.runvault.application.service.operations.RunOperation;
import io.runvault.application.service.operations.StartOperation;
import io.runvault.application.service.runs.SubmitRuns;
import io.runvault.application.service.artifacts.UploadResults;
import io.runvault.application.service.operations.VerifyArtifacts;
import io.runvault.application.service.operations.VerifyJobs;
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
    /**
     * How often a reader waiting for an operation another server runs looks it up again: the end of a run here wakes
     * it at once, one elsewhere only at its next look.
     */
    private static final Duration OPERATION_RECHECK = Duration.ofSeconds(1);

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    AccessPolicy accessPolicy(RunvaultSettings.Security security) {
        return new AccessPolicy(security.workersMayUseAnyJob());
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
    RequestUpload requestUpload(GetJob getJob, GetRun getRun, ArtifactRepository artifacts, ArtifactLinks links,
            AccessPolicy policy, RunvaultSettings.Uploads uploads) {
        return new RequestUpload(getJob, getRun, artifacts, links, policy, uploads.urlTtl());
    }

    @Singleton
    RequestStagedUpload requestStagedUpload(RequestUpload requestUpload, ArtifactLinks links,
            RunvaultSettings.Uploads uploads) {
        return new RequestStagedUpload(requestUpload, links, uploads.urlTtl());
    }

    @Singleton
    NoticeStagedUploads noticeStagedUploads(JobRepository jobs, ArtifactRepository artifacts,
            ArtifactObjects objects, StoredKeys keys, ArtifactClaims claims) {
        return new NoticeStagedUploads(jobs, artifacts, objects, keys, claims);
    }

    @Singleton
    CompleteUpload completeUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts,
            ArtifactClaims claims, ArtifactObjects objects, TieredObjects tiers, AccessPolicy policy,
            RunvaultSettings.Uploads settings) {
        return new CompleteUpload(getJob, jobs, artifacts, claims, objects, tiers, policy, settings.claimWait());
    }

    @Singleton
    RequestPartedUpload requestPartedUpload(RequestUpload requestUpload, GetJob getJob, ArtifactRepository artifacts,
            MultipartUploads uploads, AccessPolicy policy, RunvaultSettings.Uploads settings) {
        return new RequestPartedUpload(requestUpload, getJob, artifacts, uploads, policy,
                new RequestPartedUpload.Settings(settings.multipartThreshold(), settings.partSize(),
                        settings.partUrls(), settings.urlTtl()));
    }

    @Singleton
    CompletePartedUpload completePartedUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts,
            ArtifactClaims claims, ArtifactObjects objects, MultipartUploads uploads, AccessPolicy policy,
            RunvaultSettings.Uploads settings) {
        return new CompletePartedUpload(getJob, jobs, artifacts, claims, objects, uploads, policy,
                settings.claimWait());
    }

    @Singleton
    UploadResults uploadResults(GetJob getJob, RunsWithJobs jobsWithRuns, RunRepository runs, ArtifactClaims claims,
            ArtifactObjects objects, AccessPolicy policy, RunvaultSettings.Uploads uploads) {
        return new UploadResults(getJob, jobsWithRuns, runs, claims, objects, policy, uploads.claimWait());
    }

    @Singleton
    ListArtifacts listArtifacts(GetJob getJob, ArtifactRepository artifacts, AccessPolicy policy) {
        return new ListArtifacts(getJob, artifacts, policy);
    }

    @Singleton
    DownloadArtifact downloadArtifact(GetJob getJob, ArtifactRepository artifacts, ArtifactLinks links,
            AccessPolicy policy, RunvaultSettings.Downloads downloads) {
        return new DownloadArtifact(getJob, artifacts, links, policy, downloads.urlTtl());
    }

    @Singleton
    ReadZipEntries readZipEntries(GetJob getJob, ArtifactRepository artifacts, RangedReads ranges,
            AccessPolicy policy, RunvaultSettings.Downloads downloads) {
        return new ReadZipEntries(getJob, artifacts, ranges, policy,
                new ZipDirectoryCache(downloads.zipDirectoryCache()), downloads.maxEntrySize(),
                downloads.maxEntryRatio());
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
    MoveArtifacts moveArtifacts(JobRepository jobs, MoveSteps steps, OperationRepository operations,
            MoveRecords records, TieredObjects tiers, StoragePurge purge, RunvaultSettings.Archive archive,
            AdapterSettings.Operations settings) {
        return new MoveArtifacts(jobs, steps, new MoveBatch(operations, records, tiers, purge,
                archive.deleteOriginals(), archive.parallelCopies(), settings.lease().dividedBy(4)),
                archive.maxConsecutiveFailures());
    }

    @Singleton
    PurgeJob purgeJob(JobRepository jobs, OperationRepository operations, StoredKeys keys, StoragePurge purge) {
        return new PurgeJob(jobs, operations, keys, purge);
    }

    @Singleton
    VerifyArtifacts verifyArtifacts(JobRepository jobs, ArtifactRepository artifacts, OperationRepository operations,
            MoveSteps steps, MoveRecords records, TieredObjects tiers, StoredKeys keys, AuditLog audit,
            RunvaultSettings.Archive archive) {
        // As many lookups at once as an archive makes copies: both are round trips to the same store.
        return new VerifyArtifacts(jobs, artifacts, operations, steps, records, tiers, keys, audit,
                archive.parallelCopies());
    }

    @Singleton
    RunOperation runOperation(OperationRepository operations, MoveArtifacts moves, PurgeJob purge,
            VerifyArtifacts verify, AuditLog audit, UnitOfWork unitOfWork, OperationEnds ends,
            AdapterSettings.Operations settings) {
        return new RunOperation(operations, new ArchiveJob(moves), new RestoreJob(moves), purge, verify, audit,
                unitOfWork, ends, runner(), settings.lease());
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
    GetOperation getOperation(OperationRepository operations, AccessPolicy policy, OperationEnds ends) {
        return new GetOperation(operations, policy, ends, OPERATION_RECHECK);
    }

    /** Shared by the runs here, which tell of each end, and the readers waiting for one. */
    @Singleton
    OperationEnds operationEnds() {
        return new OperationEnds();
    }

    @Singleton
    ResumeOperations resumeOperations(OperationRepository operations, OperationScheduler scheduler) {
        return new ResumeOperations(operations, scheduler);
    }

    @Singleton
    JobManifest jobManifest(GetJob getJob, ArtifactRepository artifacts, ArtifactLinks links,
            RunvaultSettings.Downloads downloads, AccessPolicy policy) {
        return new JobManifest(getJob, artifacts, links, downloads.urlTtl(), policy);
    }

    @Singleton
    InstallLifecycle installLifecycle(BucketLifecycle lifecycle, RunvaultSettings.Archive archive, AccessPolicy policy) {
        return new InstallLifecycle(lifecycle, new LifecyclePolicy(archive.abortIncompleteUploadsDays(),
                archive.transitionStorageClass(), archive.transitionDays()), policy);
    }

    @Singleton
    Audit audit(AuditLog log, AccessPolicy policy) {
        return new Audit(log, policy);
    }
}
