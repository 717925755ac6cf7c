package io.runvault.domain;

/** Value object: an API token's identity, never its secret. */
public record TokenId(long value) {
    public TokenId {
        if (value <= 0) {
            throw new InvalidValue("tokenId", "must be positive");
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
