package io.runvault.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.service.ChangeRunStatus;
import io.runvault.application.service.CreateJob;
import io.runvault.application.service.GetJob;
import io.runvault.application.service.GetRun;
import io.runvault.application.service.ListJobs;
import io.runvault.application.service.ListRuns;
import io.runvault.application.service.SubmitRuns;
import jakarta.inject.Singleton;
import java.time.Clock;

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
}
