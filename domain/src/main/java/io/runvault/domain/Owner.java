package io.runvault.domain;

/** Value object: the principal a job belongs to. */
public record Owner(String value) {
    private static final int MAX_LENGTH = 128;

    public Owner {
        if (value == null || value.isBlank()) {
            throw new InvalidValue("owner", "must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValue("owner", "must be at most " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
