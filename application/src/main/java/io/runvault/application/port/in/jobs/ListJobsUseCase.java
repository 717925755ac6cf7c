package io.runvault.application.port.in.jobs;

import io.runvault.domain.Job;
import io.runvault.domain.JobFilter;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;

/** Use case: list the jobs the caller may see, newest (highest id) first, optionally by status and tag. */
public interface ListJobsUseCase {
    Page<Job> list(Principal principal, JobFilter filter, PageRequest page);
}
