package io.runvault.domain;

import java.time.Instant;
import java.util.Objects;

/** A job: the unit whose artifacts all live under one storage prefix fixed by its creation time. */
public record Job(JobId id, Owner owner, Tags tags, JobStatus status, Instant createdAt) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        tags = tags == null ? Tags.none() : tags;
        createdAt = Timestamps.storable(createdAt);
    }

    public Job moveTo(JobStatus target) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransition("job " + id, status, target);
        }
        return new Job(id, owner, tags, target, createdAt);
    }

    /** The job after a change of its runs, as {@link JobStatus#afterRuns} rules; itself when nothing changes. */
    public Job afterRuns(RunTally runs) {
        JobStatus next = status.afterRuns(runs);
        return next == status ? this : moveTo(next);
    }

    /** The client's cancel: an unfinished job ends CANCELLED; cancelling it again changes nothing. */
    public Job cancel() {
        return status == JobStatus.CANCELLED ? this : moveTo(JobStatus.CANCELLED);
    }

    public JobS3Prefix prefix() {
        return JobS3Prefix.of(this);
    }
}
