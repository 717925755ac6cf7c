package io.runvault.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as Runvault keeps it: who it acts for, a short prefix to recognise it by, and when it stops working
 * (never, when {@code expiresAt} is null). The secret itself is shown once at creation and only its hash is stored.
 */
public record ApiToken(TokenId id, String label, Principal principal, String prefix, Instant createdAt,
        Instant expiresAt, Instant revokedAt) {
    public static final int MAX_LABEL = 128;

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(createdAt, "createdAt");
        label = checkedLabel(label);
        if (expiresAt != null && !expiresAt.isAfter(createdAt)) {
            throw new InvalidValue("expiresAt", "must be after the token's creation");
        }
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

    /** Neither revoked nor expired at {@code now}. */
    public boolean isUsableAt(Instant now) {
        return !isRevoked() && (expiresAt == null || now.isBefore(expiresAt));
    }
}
