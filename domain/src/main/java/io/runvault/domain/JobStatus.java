package io.runvault.domain;

import java.util.Set;

/**
 * A job's lifecycle; each status lists the statuses it may move to. Its runs drive it (see {@link #afterRuns}): the
 * first run a worker takes up makes it RUNNING, and once every run has ended it is FAILED (a run failed), COMPLETED
 * (none failed, some DONE) or CANCELLED (every run was cancelled). Its client may cancel it while it is unfinished.
 * Any job may be purged: PURGING is the tombstone its row carries while its objects are deleted, and the last status
 * it has before the row itself goes.
 */
public enum JobStatus {
    CREATED, SUBMITTED, RUNNING, COMPLETED, FAILED, CANCELLED, PURGING;

    public Set<JobStatus> next() {
        return switch (this) {
            // The job follows its runs as they stand, not step by step: runs that all end without one having been
            // seen running (failed or cancelled while PENDING) end a job that never ran.
            case CREATED -> Set.of(SUBMITTED, RUNNING, COMPLETED, FAILED, CANCELLED, PURGING);
            case SUBMITTED -> Set.of(RUNNING, COMPLETED, FAILED, CANCELLED, PURGING);
            case RUNNING -> Set.of(COMPLETED, FAILED, CANCELLED, PURGING);
            case COMPLETED, FAILED, CANCELLED -> Set.of(PURGING);
            case PURGING -> Set.of();
        };
    }

    public boolean canMoveTo(JobStatus target) {
        return next().contains(target);
    }

    /**
     * What the job's status becomes once its runs stand as {@code runs} say: the rule every change of a run's status
     * is followed by, in the same transaction. An ended job stays as it is; a job whose runs are all still PENDING
     * too.
     */
    public JobStatus afterRuns(RunTally runs) {
        if (!acceptsRuns()) {
            return this;
        }
        if (runs.allEnded()) {
            if (runs.count(RunStatus.FAILED) > 0) {
                return FAILED;
            }
            return runs.count(RunStatus.DONE) > 0 ? COMPLETED : CANCELLED;
        }
        if (runs.anyStarted() && this != RUNNING) {
            return RUNNING;
        }
        return this;
    }

    /**
     * Whether {@link #afterRuns} may move this status while at least one run is unfinished: only an open job not yet
     * RUNNING may (its first run taken up moves it). Otherwise a change among the runs needs no tally of them until
     * none is left unfinished.
     */
    public boolean followsUnfinishedRuns() {
        return acceptsRuns() && this != RUNNING;
    }

    /** The job has ended (or is being purged): it takes no more runs, uploads or status changes of its runs. */
    public boolean isClosed() {
        return !acceptsRuns();
    }

    /** Runs may be added while the job has not ended. */
    public boolean acceptsRuns() {
        return switch (this) {
            case CREATED, SUBMITTED, RUNNING -> true;
            case COMPLETED, FAILED, CANCELLED, PURGING -> false;
        };
    }
}
