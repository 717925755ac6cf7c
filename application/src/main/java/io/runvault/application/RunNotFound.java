package io.runvault.application;

import io.runvault.domain.JobId;
import io.runvault.domain.RunId;

/** The run does not exist, or not in the job the caller named. */
public final class RunNotFound extends RunvaultException {
    public RunNotFound(RunId id) {
        super("run " + id + " does not exist");
    }

    public RunNotFound(RunId id, JobId job) {
        super("run " + id + " does not exist in job " + job);
    }
}
