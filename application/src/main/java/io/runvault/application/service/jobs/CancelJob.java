package io.runvault.application.service.jobs;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.port.in.jobs.CancelJobUseCase;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;

/** Use case: cancel a job and its unfinished runs through a compare-and-set on the job's status. */
public final class CancelJob implements CancelJobUseCase {
    private static final int ATTEMPTS = 3;
    private final GetJob getJob;
    private final RunRepository runs;
    private final AccessPolicy policy;

    public CancelJob(GetJob getJob, RunRepository runs, AccessPolicy policy) {
        this.getJob = getJob;
        this.runs = runs;
        this.policy = policy;
    }

    @Override
    public Job cancel(Principal principal, JobId id) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Job job = getJob.get(principal, id);
            policy.require(principal, "cancel a job", Role.CLIENT, Role.ADMIN);
            Job cancelled = job.cancel();
            // A run that started or ended meanwhile moved the job: read it again and decide again.
            if (cancelled == job || runs.cancelJob(id, job.status())) {
                return cancelled;
            }
        }
        throw new ConcurrentChange("job " + id);
    }
}
