package io.runvault.application.port.out;

import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;
import java.util.Optional;

/** Outgoing port: a job and one of its runs, read together for a request that needs both rows. */
@FunctionalInterface
public interface RunsWithJobs {
    /** The job and, when it exists and is the job's, the run, read at one point in time; empty without the job. */
    Optional<JobWithRun> find(JobId job, RunId run);

    /** A job as read, and the run asked for when it is one of the job's. */
    record JobWithRun(Job job, Optional<Run> run) {
    }
}
