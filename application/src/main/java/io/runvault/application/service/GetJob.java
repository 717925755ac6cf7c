package io.runvault.application.service;

import io.runvault.application.JobBeingPurged;
import io.runvault.application.JobNotFound;
import io.runvault.application.JobPurged;
import io.runvault.application.port.in.GetJobUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;

/** Use case: read one job; every job read goes through here, so a job being purged or purged is never served. */
public final class GetJob implements GetJobUseCase {
    private final JobRepository jobs;

    public GetJob(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public Job get(JobId id) {
        Job job = jobs.findById(id)
                .orElseThrow(() -> jobs.isPurged(id) ? new JobPurged(id) : new JobNotFound(id));
        if (job.status() == JobStatus.PURGING) {
            throw new JobBeingPurged(id);
        }
        return job;
    }
}
