package io.runvault.domain;

import java.util.Set;

/** A job's lifecycle; each status lists the statuses it may move to. */
public enum JobStatus {
    CREATED, SUBMITTED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public Set<JobStatus> next() {
        return switch (this) {
            case CREATED -> Set.of(SUBMITTED, CANCELLED);
            case SUBMITTED -> Set.of(RUNNING, CANCELLED);
            case RUNNING -> Set.of(COMPLETED, FAILED, CANCELLED);
            case COMPLETED, FAILED, CANCELLED -> Set.of();
        };
    }

    public boolean canMoveTo(JobStatus target) {
        return next().contains(target);
    }

    /** Runs may be added while the job has not ended. */
    public boolean acceptsRuns() {
        return !next().isEmpty();
    }
}
