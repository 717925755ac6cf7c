package io.runvault.application.port.in;

import io.runvault.application.port.out.JobFilter;
import io.runvault.domain.Job;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;

/** Use case: list jobs, newest (highest id) first, optionally by status and tag. */
public interface ListJobsUseCase {
    Page<Job> list(JobFilter filter, PageRequest page);
}
