package io.runvault.application;

import io.runvault.domain.Job;

/** The job has ended, so it takes no more runs or uploads. */
public final class JobClosed extends RunvaultException {
    public JobClosed(Job job) {
        super("job " + job.id() + " is " + job.status() + " and takes no more runs or uploads");
    }
}
