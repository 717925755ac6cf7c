package io.runvault.application.service;

import io.runvault.application.AccessPolicy;
import io.runvault.application.JobNotFound;
import io.runvault.application.port.in.GetJobUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;

/** Use case: read one job; a job the caller may not see is reported as missing, so its existence never leaks. */
public final class GetJob implements GetJobUseCase {
    private final JobRepository jobs;
    private final AccessPolicy policy;

    public GetJob(JobRepository jobs, AccessPolicy policy) {
        this.jobs = jobs;
        this.policy = policy;
    }

    @Override
    public Job get(Principal principal, JobId id) {
        return jobs.findById(id).filter(job -> policy.sees(principal, job)).orElseThrow(() -> new JobNotFound(id));
    }
}
