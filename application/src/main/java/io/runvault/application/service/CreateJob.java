package io.runvault.application.service;

import io.runvault.application.port.in.CreateJobCommand;
import io.runvault.application.port.in.CreateJobUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import java.time.Clock;

/** Use case: create a job stamped with the clock's time, which fixes its storage prefix. */
public final class CreateJob implements CreateJobUseCase {
    private final JobRepository jobs;
    private final Clock clock;

    public CreateJob(JobRepository jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public Job create(CreateJobCommand command) {
        return jobs.insert(new NewJob(command.owner(), command.tags(), clock.instant()));
    }
}
