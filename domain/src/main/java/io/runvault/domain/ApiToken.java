package io.runvault.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as Runvault keeps it: who it acts for and a short prefix to recognise it by. The secret itself is
 * shown once at creation and only its hash is stored.
 */
public record ApiToken(TokenId id, String label, Principal principal, String prefix, Instant createdAt,
        Instant revokedAt) {
    public static final int MAX_LABEL = 128;

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(createdAt, "createdAt");
        label = checkedLabel(label);
    }

    public static String checkedLabel(String label) {
        if (label == null || label.isBlank() || label.length() > MAX_LABEL) {
            throw new InvalidValue("label", "must be 1-" + MAX_LABEL + " characters");
        }
        return label;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
