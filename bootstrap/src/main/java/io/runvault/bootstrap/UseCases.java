package io.runvault.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.runvault.application.AccessPolicy;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.application.service.Authenticate;
import io.runvault.application.service.BootstrapAdmin;
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
import io.runvault.application.service.RequestUpload;
import io.runvault.application.service.SubmitRuns;
import io.runvault.application.service.UploadResults;
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
    ListRuns listRuns(GetJob getJob, RunRepository runs) {
        return new ListRuns(getJob, runs);
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
    CompleteUpload completeUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts,
            ArtifactStorage storage, AccessPolicy policy) {
        return new CompleteUpload(getJob, jobs, artifacts, storage, policy);
    }

    @Singleton
    UploadResults uploadResults(GetJob getJob, GetRun getRun, ChangeRunStatus changeRunStatus,
            ArtifactRepository artifacts, ArtifactStorage storage, AccessPolicy policy) {
        return new UploadResults(getJob, getRun, changeRunStatus, artifacts, storage, policy);
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
    Authenticate authenticate(TokenRepository tokens) {
        return new Authenticate(tokens);
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
}
