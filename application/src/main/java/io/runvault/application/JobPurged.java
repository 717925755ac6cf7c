package io.runvault.application;

import io.runvault.domain.JobId;

/** The job existed and was purged: unlike an unknown job, it is gone for good. */
public final class JobPurged extends RunvaultException {
    public JobPurged(JobId id) {
        super("job " + id + " was purged");
    }
}
