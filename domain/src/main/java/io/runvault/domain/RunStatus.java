package io.runvault.domain;

import java.util.Set;

/** A run's lifecycle; each status lists the statuses it may move to. */
public enum RunStatus {
    PENDING, RUNNING, DONE, FAILED, CANCELLED;

    public Set<RunStatus> next() {
        return switch (this) {
            case PENDING -> Set.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> Set.of(DONE, FAILED, CANCELLED);
            case DONE, FAILED, CANCELLED -> Set.of();
        };
    }

    public boolean canMoveTo(RunStatus target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
