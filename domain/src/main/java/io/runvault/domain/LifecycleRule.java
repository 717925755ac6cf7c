package io.runvault.domain;

import java.util.Objects;

/**
 * Value object: one bucket lifecycle rule for the store holding {@code tier}: objects under {@code prefix} (null: the
 * whole bucket) have their incomplete multipart uploads aborted after {@code abortIncompleteUploadsAfterDays}, move to
 * {@code transitionStorageClass} after {@code transitionAfterDays}, and/or are deleted {@code expireAfterDays} after
 * they were written.
 */
public record LifecycleRule(String id, StorageTier tier, StoragePrefix prefix, Integer abortIncompleteUploadsAfterDays,
        String transitionStorageClass, Integer transitionAfterDays, Integer expireAfterDays) {
    /** A rule that deletes nothing. */
    public LifecycleRule(String id, StorageTier tier, StoragePrefix prefix, Integer abortIncompleteUploadsAfterDays,
            String transitionStorageClass, Integer transitionAfterDays) {
        this(id, tier, prefix, abortIncompleteUploadsAfterDays, transitionStorageClass, transitionAfterDays, null);
    }

    public LifecycleRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        if (abortIncompleteUploadsAfterDays == null && transitionStorageClass == null && expireAfterDays == null) {
            throw new IllegalArgumentException("rule " + id + " does nothing");
        }
        if (expireAfterDays != null && (expireAfterDays < 1 || prefix == null)) {
            // A rule deleting the whole bucket's objects would delete artifacts: only a prefix of its own may expire.
            throw new InvalidValue("expireAfterDays", "must be at least 1, under a prefix");
        }
        if (abortIncompleteUploadsAfterDays != null && abortIncompleteUploadsAfterDays < 1) {
            throw new InvalidValue("abortIncompleteUploadsAfterDays", "must be at least 1");
        }
        if ((transitionStorageClass == null) != (transitionAfterDays == null)) {
            throw new IllegalArgumentException("rule " + id + ": a transition needs a storage class and days");
        }
        if (transitionAfterDays != null && transitionAfterDays < 0) {
            throw new InvalidValue("transitionAfterDays", "must not be negative");
        }
    }
}
