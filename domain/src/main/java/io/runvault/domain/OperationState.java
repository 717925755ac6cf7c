package io.runvault.domain;

import java.util.Set;

/**
 * An admin operation's lifecycle; each state lists the states it may move to. FAILED is not the end: asking for the
 * same operation again resumes it, retrying what failed. SUPERSEDED ends a failed one that another kind replaced.
 */
public enum OperationState {
    RUNNING, FAILED, SUCCEEDED, SUPERSEDED;

    public Set<OperationState> next() {
        return switch (this) {
            case RUNNING -> Set.of(FAILED, SUCCEEDED);
            case FAILED -> Set.of(RUNNING, SUPERSEDED);
            case SUCCEEDED, SUPERSEDED -> Set.of();
        };
    }

    public boolean canMoveTo(OperationState target) {
        return next().contains(target);
    }

    /** Unfinished operations hold their job: at most one per job. */
    public boolean isFinished() {
        return next().isEmpty();
    }
}
