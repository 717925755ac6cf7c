package io.runvault.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A run of a job. {@code seq} numbers the job's runs 1, 2, 3… in the order they were committed, so "latest"
 * is the highest seq, never the newest timestamp.
 */
public record Run(RunId id, JobId jobId, long seq, RunConfig config, RunStatus status, Instant createdAt) {
    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(status, "status");
        if (seq <= 0) {
            throw new InvalidValue("seq", "must be positive");
        }
        createdAt = Timestamps.storable(createdAt);
    }

    public Run moveTo(RunStatus target) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransition("run " + id, status, target);
        }
        return new Run(id, jobId, seq, config, target, createdAt);
    }

    /**
     * Whether this run may take results for {@code stage}, and the status storing them moves it to (empty: it stays
     * where it is). Final results finish a pending or running run at once; an earlier stage shows it is running. A
     * finished run still takes its final results again, so a worker's retry after a lost answer is told the outcome.
     *
     * @throws IllegalTransition if the run failed or was cancelled
     */
    public Optional<RunStatus> acceptResults(Stage stage) {
        if (status == RunStatus.FAILED || status == RunStatus.CANCELLED) {
            throw new IllegalTransition("run " + id, status, RunStatus.DONE);
        }
        if (stage.equals(Stage.FINAL)) {
            return status == RunStatus.DONE ? Optional.empty() : Optional.of(RunStatus.DONE);
        }
        return status == RunStatus.PENDING ? Optional.of(RunStatus.RUNNING) : Optional.empty();
    }

    public boolean belongsTo(JobId job) {
        return jobId.equals(job);
    }
}
