package io.runvault.application.service;

import io.runvault.application.port.in.ListJobsUseCase;
import io.runvault.application.port.out.JobFilter;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;

/** Use case: list jobs, newest first. */
public final class ListJobs implements ListJobsUseCase {
    private final JobRepository jobs;

    public ListJobs(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public Page<Job> list(JobFilter filter, PageRequest page) {
        return jobs.list(filter, page);
    }
}
