package io.runvault.domain;

/** Value object: a run's identity, assigned by the database's identity column, never by a clock. */
public record RunId(long value) {
    public RunId {
        if (value <= 0) {
            throw new InvalidValue("runId", "must be positive");
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
