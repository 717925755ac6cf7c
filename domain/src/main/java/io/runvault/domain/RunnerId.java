package io.runvault.domain;

/** Value object: one running server process, as the holder of claims on the operations it runs. */
public record RunnerId(String value) {
    public static final int MAX_LENGTH = 200;

    public RunnerId {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            throw new InvalidValue("runner", "must be 1-" + MAX_LENGTH + " characters");
        }
    }
}
