package io.runvault.application.service;

import io.runvault.application.JobNotFound;
import io.runvault.application.port.in.GetJobUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;

/** Use case: read one job. */
public final class GetJob implements GetJobUseCase {
    private final JobRepository jobs;

    public GetJob(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public Job get(JobId id) {
        return jobs.findById(id).orElseThrow(() -> new JobNotFound(id));
    }
}
