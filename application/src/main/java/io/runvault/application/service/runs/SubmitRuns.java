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
import java.util.Optional;

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
        Principal principal = command.principal();
        if (principal.is(Role.CLIENT) || principal.is(Role.ADMIN)) {
            // Allowed to submit, and sees jobs by owner: one conditional write does it all when the job is open and
            // the caller's to see. The job is read only when it was not, to say why.
            Optional<List<Run>> created = runs.insertAllIfOpen(command.jobId(), policy.ownerSeenBy(principal),
                    command.configs(), clock.instant());
            if (created.isPresent()) {
                return created.get();
            }
        }
        Job job = allowedJob(principal, command.jobId());
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
