package io.runvault.domain;

import java.time.Instant;
import java.util.Objects;

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

    public boolean belongsTo(JobId job) {
        return jobId.equals(job);
    }
}
