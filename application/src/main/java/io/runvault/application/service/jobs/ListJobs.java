package io.runvault.application.service.jobs;

import io.runvault.application.AccessPolicy;
import io.runvault.application.port.in.jobs.ListJobsUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobFilter;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;

/** Use case: list jobs newest first; clients see their own, admins everyone's. */
public final class ListJobs implements ListJobsUseCase {
    private final JobRepository jobs;
    private final AccessPolicy policy;

    public ListJobs(JobRepository jobs, AccessPolicy policy) {
        this.jobs = jobs;
        this.policy = policy;
    }

    @Override
    public Page<Job> list(Principal principal, JobFilter filter, PageRequest page) {
        policy.require(principal, "list jobs", Role.CLIENT, Role.ADMIN);
        JobFilter visible = principal.is(Role.ADMIN) ? filter
                : new JobFilter(principal.name(), filter.status(), filter.tag());
        return jobs.list(visible, page);
    }
}
