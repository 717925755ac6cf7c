package io.runvault.application.port.out;

import io.runvault.domain.Job;
import io.runvault.domain.JobFilter;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.NewJob;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.util.Optional;

/** Outgoing port: where jobs are kept; ids come from it, never from a clock. */
public interface JobRepository {
    Job insert(NewJob job);

    Optional<Job> findById(JobId id);

    /** Newest first: pages continue after the lowest id shown. */
    Page<Job> list(JobFilter filter, PageRequest page);

    /** Compare-and-set: false when the job was no longer in {@code expected}. */
    boolean updateStatus(JobId id, JobStatus expected, JobStatus target);

    /**
     * Removes a PURGING job with its runs and artifact rows, all at once, and leaves a tombstone; a job already
     * purged stays so. Returns false (and removes nothing) when the job exists but is not PURGING.
     */
    boolean purge(JobId id);

    /** Whether the job was purged: its id then stays taken and reads say "gone", not "never existed". */
    boolean isPurged(JobId id);
}
