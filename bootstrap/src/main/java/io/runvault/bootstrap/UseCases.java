package io.runvault.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.runvault.adapters.out.s3.ArchiveSettings;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.BucketLifecycle;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.OperationScheduler;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.service.Audit;
import io.runvault.application.service.GetOperation;
import io.runvault.application.service.InstallLifecycle;
import io.runvault.application.service.JobManifest;
import io.runvault.application.service.MoveArtifacts;
import io.runvault.application.service.PurgeStorage;
import io.runvault.application.service.ResumeOperations;
import io.runvault.application.service.RunOperation;
import io.runvault.application.service.StartOperation;
import io.runvault.application.service.ChangeRunStatus;
import io.runvault.application.service.CompleteUpload;
import io.runvault.application.service.DownloadArtifact;
import io.runvault.application.service.ListArtifacts;
import io.runvault.application.service.RequestUpload;
import io.runvault.application.service.UploadResults;
import io.runvault.application.service.CreateJob;
import io.runvault.application.service.GetJob;
import io.runvault.application.service.GetRun;
import io.runvault.application.service.ListJobs;
import io.runvault.application.service.ListRuns;
import io.runvault.application.service.SubmitRuns;
import io.runvault.domain.LifecyclePolicy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Builds the plain use-case classes with {@code new}, so the core never sees the framework. */
@Factory
class UseCases {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    CreateJob createJob(JobRepository jobs, Clock clock) {
        return new CreateJob(jobs, clock);
    }

    @Singleton
    GetJob getJob(JobRepository jobs) {
        return new GetJob(jobs);
    }

    @Singleton
    ListJobs listJobs(JobRepository jobs) {
        return new ListJobs(jobs);
    }

    @Singleton
    SubmitRuns submitRuns(GetJob getJob, RunRepository runs, Clock clock) {
        return new SubmitRuns(getJob, runs, clock);
    }

    @Singleton
    ListRuns listRuns(GetJob getJob, RunRepository runs) {
        return new ListRuns(getJob, runs);
    }

    @Singleton
    GetRun getRun(GetJob getJob, RunRepository runs) {
        return new GetRun(getJob, runs);
    }

    @Singleton
    ChangeRunStatus changeRunStatus(GetRun getRun, RunRepository runs) {
        return new ChangeRunStatus(getRun, runs);
    }

    @Singleton
    RequestUpload requestUpload(GetJob getJob, GetRun getRun, ArtifactRepository artifacts, ArtifactStorage storage,
            @Value("${runvault.uploads.url-ttl:5m}") Duration urlTtl) {
        return new RequestUpload(getJob, getRun, artifacts, storage, urlTtl);
    }

    @Singleton
    CompleteUpload completeUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts,
            ArtifactStorage storage) {
        return new CompleteUpload(getJob, jobs, artifacts, storage);
    }

    @Singleton
    UploadResults uploadResults(GetJob getJob, GetRun getRun, ChangeRunStatus changeRunStatus,
            ArtifactRepository artifacts, ArtifactStorage storage) {
        return new UploadResults(getJob, getRun, changeRunStatus, artifacts, storage);
    }

    @Singleton
    ListArtifacts listArtifacts(GetJob getJob, ArtifactRepository artifacts) {
        return new ListArtifacts(getJob, artifacts);
    }

    @Singleton
    DownloadArtifact downloadArtifact(GetJob getJob, ArtifactRepository artifacts, ArtifactStorage storage,
            @Value("${runvault.downloads.url-ttl:5m}") Duration urlTtl) {
        return new DownloadArtifact(getJob, artifacts, storage, urlTtl);
    }

    @Singleton
    StartOperation startOperation(GetJob getJob, JobRepository jobs, OperationRepository operations,
            OperationScheduler scheduler) {
        return new StartOperation(getJob, jobs, operations, scheduler);
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
    RunOperation runOperation(OperationRepository operations, MoveArtifacts moves, PurgeStorage purges,
            AuditLog audit) {
        return new RunOperation(operations, moves, purges, audit);
    }

    @Singleton
    GetOperation getOperation(OperationRepository operations) {
        return new GetOperation(operations);
    }

    @Singleton
    ResumeOperations resumeOperations(OperationRepository operations, OperationScheduler scheduler) {
        return new ResumeOperations(operations, scheduler);
    }

    @Singleton
    JobManifest jobManifest(GetJob getJob, ArtifactRepository artifacts, ArtifactStorage storage,
            @Value("${runvault.downloads.url-ttl:5m}") Duration urlTtl) {
        return new JobManifest(getJob, artifacts, storage, urlTtl);
    }

    @Singleton
    InstallLifecycle installLifecycle(BucketLifecycle lifecycle, ArchiveSettings archive) {
        return new InstallLifecycle(lifecycle, new LifecyclePolicy(archive.abortIncompleteUploadsDays(),
                archive.transitionStorageClass(), archive.transitionDays()));
    }

    @Singleton
    Audit audit(AuditLog log) {
        return new Audit(log);
    }
}
