package io.runvault.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.RunRepository;
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
}
