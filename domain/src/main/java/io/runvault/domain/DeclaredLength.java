package io.runvault.domain;

import java.util.OptionalLong;

/**
 * Value object: how many bytes a streamed body says it holds before it is read (an HTTP Content-Length), or that it
 * does not say. A body that then ends sooner or goes on longer is not the body that was declared.
 */
public record DeclaredLength(OptionalLong bytes) {
    private static final DeclaredLength UNKNOWN = new DeclaredLength(OptionalLong.empty());

    public DeclaredLength {
        if (bytes == null) {
            throw new InvalidValue("length", "is required (empty when unknown)");
        }
        if (bytes.isPresent() && bytes.getAsLong() < 0) {
            throw new InvalidValue("length", "must not be negative");
        }
    }

    public static DeclaredLength of(long bytes) {
        return new DeclaredLength(OptionalLong.of(bytes));
    }

    public static DeclaredLength unknown() {
        return UNKNOWN;
    }

    public boolean isKnown() {
        return bytes.isPresent();
    }

    /** Declared, and no more than {@code limit} bytes; an undeclared body may be of any size. */
    public boolean atMost(long limit) {
        return bytes.isPresent() && bytes.getAsLong() <= limit;
    }

    @Override
    public String toString() {
        return bytes.isPresent() ? bytes.getAsLong() + " bytes" : "unknown length";
    }
}
