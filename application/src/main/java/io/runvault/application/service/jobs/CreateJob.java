package io.runvault.application.service.jobs;

import io.runvault.application.AccessPolicy;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.port.in.jobs.CreateJobUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.time.Clock;

/** Use case: a client creates a job it then owns, stamped with the clock's time, which fixes its storage prefix. */
public final class CreateJob implements CreateJobUseCase {
    private final JobRepository jobs;
    private final AccessPolicy policy;
    private final Clock clock;

    public CreateJob(JobRepository jobs, AccessPolicy policy, Clock clock) {
        this.jobs = jobs;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Job create(CreateJobCommand command) {
        checkAllowed(command.principal());
        return jobs.insert(new NewJob(command.principal().name(), command.tags(), clock.instant()));
    }

    @Override
    public void checkAllowed(Principal principal) {
        policy.require(principal, "create jobs", Role.CLIENT, Role.ADMIN);
    }
}
