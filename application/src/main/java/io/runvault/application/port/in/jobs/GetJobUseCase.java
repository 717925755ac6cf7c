package io.runvault.application.port.in.jobs;

import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;

/** Use case: read one job the caller may see, or fail with JobNotFound. */
public interface GetJobUseCase {
    Job get(Principal principal, JobId id);
}
