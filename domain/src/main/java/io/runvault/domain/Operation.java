package io.runvault.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
