package io.runvault.application.service.jobs;

import io.runvault.application.AccessPolicy;
import io.runvault.application.JobBeingPurged;
import io.runvault.application.JobNotFound;
import io.runvault.application.JobPurged;
import io.runvault.application.port.in.jobs.GetJobUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import java.util.Optional;

/**
 * Use case: read one job. Every job read goes through here, so a job the caller may not see is reported as missing
 * (its existence never leaks), and a job being purged or purged is never served.
 */
public final class GetJob implements GetJobUseCase {
    private final JobRepository jobs;
    private final AccessPolicy policy;

    public GetJob(JobRepository jobs, AccessPolicy policy) {
        this.jobs = jobs;
        this.policy = policy;
    }

    @Override
    public Job get(Principal principal, JobId id) {
        return visible(principal, id, jobs.findById(id));
    }

    /** The same checks on a job the caller has read already (with another row, say), as {@code found}. */
    public Job visible(Principal principal, JobId id, Optional<Job> found) {
        Job job = found.orElseThrow(() -> jobs.isPurged(id) ? new JobPurged(id) : new JobNotFound(id));
        if (!policy.sees(principal, job)) {
            throw new JobNotFound(id);
        }
        if (job.status() == JobStatus.PURGING) {
            throw new JobBeingPurged(id);
        }
        return job;
    }
}
