package io.runvault.application.port.in;

import io.runvault.domain.Job;
import io.runvault.domain.JobId;

/** Use case: read one job, or fail with JobNotFound. */
public interface GetJobUseCase {
    Job get(JobId id);
}
