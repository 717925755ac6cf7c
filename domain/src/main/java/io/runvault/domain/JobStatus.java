package io.runvault.domain;

import java.util.Set;

/**
 * A job's lifecycle; each status lists the statuses it may move to. Any job may be purged: PURGING is the tombstone
 * its row carries while its objects are deleted, and the last status it has before the row itself goes.
 */
public enum JobStatus {
    CREATED, SUBMITTED, RUNNING, COMPLETED, FAILED, CANCELLED, PURGING;

    public Set<JobStatus> next() {
        return switch (this) {
            case CREATED -> Set.of(SUBMITTED, CANCELLED, PURGING);
            case SUBMITTED -> Set.of(RUNNING, CANCELLED, PURGING);
            case RUNNING -> Set.of(COMPLETED, FAILED, CANCELLED, PURGING);
            case COMPLETED, FAILED, CANCELLED -> Set.of(PURGING);
            case PURGING -> Set.of();
        };
    }

    public boolean canMoveTo(JobStatus target) {
        return next().contains(target);
    }

    /** Runs may be added while the job has not ended. */
    public boolean acceptsRuns() {
        return switch (this) {
            case CREATED, SUBMITTED, RUNNING -> true;
            case COMPLETED, FAILED, CANCELLED, PURGING -> false;
        };
    }
}
