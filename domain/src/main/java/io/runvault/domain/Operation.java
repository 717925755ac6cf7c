package io.runvault.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An admin operation on one job and how far it got: {@code done} of {@code total} steps (artifacts moved, or objects
 * deleted), the steps that failed with why, {@code error} when the operation as a whole stopped, and the server
 * whose claim it is under ({@code claim}: null when no server holds one).
 */
public record Operation(OperationId id, OperationKind kind, JobId job, OperationState state, Owner requestedBy,
        long total, long done, long failed, List<Failure> failures, String error, Instant createdAt,
        Instant updatedAt, Claim claim) {

    /** One step that failed: the artifact (when the step was one) and the store's or the check's message. */
    public record Failure(ArtifactId artifact, StorageKey key, String message) {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The server running the operation and when its claim lapses unless renewed (it may have lapsed already). */
    public record Claim(RunnerId runner, Instant until) {
        public Claim {
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(until, "until");
        }
    }

    /** How a run of the operation ends: the state a RUNNING operation moves to and, for FAILED, why. */
    public record Ending(OperationState state, String error) {
        public Ending {
            Objects.requireNonNull(state, "state");
            if (!OperationState.RUNNING.canMoveTo(state)) {
                throw new IllegalTransition("a run of an operation", OperationState.RUNNING, state);
            }
        }
    }

    /**
     * A change of state asked for outside a run (reopening or superseding a failed operation), to be written only if
     * the operation is still {@code from}; {@code error} explains a FAILED or SUPERSEDED one and is null otherwise.
     */
    public record Transition(OperationId id, OperationState from, OperationState to, String error) {
        public Transition {
            Objects.requireNonNull(id, "id");
            if (!from.canMoveTo(to)) {
                throw new IllegalTransition("operation " + id, from, to);
            }
        }
    }

    /**
     * The fence a run by {@code runner} claims the operation with and names in every write, or empty when there is
     * nothing to run: only a RUNNING operation is claimed. Whether another runner's claim has lapsed is left to the
     * write that takes it, by one clock for every server.
     */
    public Optional<Fence> claimableBy(RunnerId runner) {
        return state == OperationState.RUNNING ? Optional.of(new Fence(id, runner)) : Optional.empty();
    }

    /**
     * A failed operation asked for again runs again, its error cleared (its failed steps are reopened with it).
     *
     * @throws IllegalTransition unless it failed
     */
    public Transition reopen() {
        return new Transition(id, state, OperationState.RUNNING, null);
    }

    /**
     * A failed operation gives way to another kind asked for on its job, keeping why it failed.
     *
     * @throws IllegalTransition unless it failed
     */
    public Transition supersede() {
        return new Transition(id, state, OperationState.SUPERSEDED, error);
    }

    /**
     * The end of a run that stopped early for {@code stoppedBecause} (null: every step was tried). SUCCEEDED only when
     * every step is done: a failed or still open step leaves the operation FAILED, for asking again to retry.
     */
    public Ending ending(String stoppedBecause) {
        if (stoppedBecause != null) {
            return new Ending(OperationState.FAILED, stoppedBecause);
        }
        if (failed > 0) {
            return new Ending(OperationState.FAILED, failed + " step(s) failed; ask again to retry them");
        }
        if (done < total) {
            return new Ending(OperationState.FAILED, (total - done) + " step(s) not done; ask again to finish them");
        }
        return new Ending(OperationState.SUCCEEDED, null);
    }

    public Operation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedBy, "requestedBy");
        failures = failures == null ? List.of() : List.copyOf(failures);
        if (total < 0 || done < 0 || failed < 0) {
            throw new IllegalArgumentException("progress counts are never negative");
        }
    }
}
