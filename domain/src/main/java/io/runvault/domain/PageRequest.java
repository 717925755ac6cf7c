package io.runvault.domain;

/** Value object: one page of a list, after a position in its sequence order (null: from the start). */
public record PageRequest(Long after, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValue("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (after != null && after < 0) {
            throw new InvalidValue("cursor", "is not a position in this list");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }
}
