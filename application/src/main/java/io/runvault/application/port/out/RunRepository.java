package io.runvault.application.port.out;

import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Owner;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Outgoing port: where runs are kept, numbered per job by a gap-free sequence that follows commit order. */
public interface RunRepository {
    /**
     * Stores all runs or none, in the given order, with the next seq numbers of the job.
     *
     * @throws io.runvault.application.JobNotFound if there is no such job
     * @throws io.runvault.application.JobClosed if the job has ended (however recently): it takes no more runs
     */
    List<Run> insertAll(JobId job, List<RunConfig> configs, Instant createdAt);

    /**
     * As {@link #insertAll}, in the same one write, but only into a job that takes runs and, when {@code owner} is
     * given, is that owner's; otherwise stores nothing and answers empty, without saying which condition failed.
     */
    Optional<List<Run>> insertAllIfOpen(JobId job, Owner owner, List<RunConfig> configs, Instant createdAt);

    Optional<Run> findById(RunId id);

    /** In seq order: pages continue after the highest seq shown. */
    Page<Run> listByJob(JobId job, PageRequest page);

    /**
     * Compare-and-set: false when the run was no longer in {@code expected}. The run's job follows in the same
     * transaction, as {@link io.runvault.domain.JobStatus#afterRuns} rules: whoever moves a run moves its job.
     */
    boolean updateStatus(RunId id, RunStatus expected, RunStatus target);

    /**
     * Cancels the job (compare-and-set from {@code expected}) and every unfinished run of it, in one transaction;
     * false, changing nothing, when the job was no longer in {@code expected}.
     */
    boolean cancelJob(JobId job, JobStatus expected);

    /** Compare-and-set from any of {@code expected}: false when the run was in none of them. */
    boolean updateStatus(RunId id, Set<RunStatus> expected, RunStatus target);
}
