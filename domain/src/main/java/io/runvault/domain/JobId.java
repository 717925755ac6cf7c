package io.runvault.domain;

/** Value object: a job's identity, assigned by the database's identity column, never by a clock. */
public record JobId(long value) {
    public JobId {
        if (value <= 0) {
            throw new InvalidValue("jobId", "must be positive");
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
