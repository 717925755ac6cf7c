package io.runvault.application;

import io.runvault.domain.JobId;

/** The job does not exist (or is not visible to the caller). */
public final class JobNotFound extends RunvaultException {
    public JobNotFound(JobId id) {
        super("job " + id + " does not exist");
    }
}
