package io.runvault.application;

import io.runvault.domain.JobId;

/** The job is being purged: its objects are going, so it is read by no one until it is gone. */
public final class JobBeingPurged extends RunvaultException {
    public JobBeingPurged(JobId id) {
        super("job " + id + " is being purged");
    }
}
