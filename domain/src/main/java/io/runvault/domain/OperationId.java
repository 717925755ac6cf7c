package io.runvault.domain;

/** Value object: an admin operation's identity, assigned by the database. */
public record OperationId(long value) {
    public OperationId {
        if (value <= 0) {
            throw new InvalidValue("operationId", "must be positive");
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
