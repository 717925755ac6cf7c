package io.runvault.domain;

import java.time.Instant;
import java.util.Objects;

/** A job about to be stored: everything but the id, which the database assigns. */
public record NewJob(Owner owner, Tags tags, Instant createdAt) {
    public NewJob {
        Objects.requireNonNull(owner, "owner");
        tags = tags == null ? Tags.none() : tags;
        createdAt = Timestamps.storable(createdAt);
    }

    public Job withId(JobId id) {
        return new Job(id, owner, tags, JobStatus.CREATED, createdAt);
    }
}
