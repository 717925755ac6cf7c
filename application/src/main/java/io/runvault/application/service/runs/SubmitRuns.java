package io.runvault.application.service.runs;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.JobClosed;
import io.runvault.application.port.in.runs.SubmitRunsCommand;
import io.runvault.application.port.in.runs.SubmitRunsUseCase;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.Run;
import java.time.Clock;
import java.util.List;

/** Use case: the job's owner adds a batch of runs to the open job, all or nothing. */
public final class SubmitRuns implements SubmitRunsUseCase {
    private final GetJob getJob;
    private final RunRepository runs;
    private final AccessPolicy policy;
    private final Clock clock;

    public SubmitRuns(GetJob getJob, RunRepository runs, AccessPolicy policy, Clock clock) {
        this.getJob = getJob;
        this.runs = runs;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public List<Run> submit(SubmitRunsCommand command) {
        Job job = allowedJob(command.principal(), command.jobId());
        if (!job.status().acceptsRuns()) {
            throw new JobClosed(job);
        }
        return runs.insertAll(job.id(), command.configs(), clock.instant());
    }

    @Override
    public void checkAllowed(Principal principal, JobId job) {
        allowedJob(principal, job);
    }

    private Job allowedJob(Principal principal, JobId id) {
        Job job = getJob.get(principal, id);
        policy.require(principal, "submit runs", Role.CLIENT, Role.ADMIN);
        return job;
    }
}
