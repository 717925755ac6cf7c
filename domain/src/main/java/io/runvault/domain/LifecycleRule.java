package io.runvault.domain;

import java.util.Objects;

/**
 * Value object: one bucket lifecycle rule for the store holding {@code tier}: objects under {@code prefix} (null: the
 * whole bucket) have their incomplete multipart uploads aborted after {@code abortIncompleteUploadsAfterDays}, and/or
 * move to {@code transitionStorageClass} after {@code transitionAfterDays}.
 */
public record LifecycleRule(String id, StorageTier tier, StoragePrefix prefix, Integer abortIncompleteUploadsAfterDays,
        String transitionStorageClass, Integer transitionAfterDays) {
    public LifecycleRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        if (abortIncompleteUploadsAfterDays == null && transitionStorageClass == null) {
            throw new IllegalArgumentException("rule " + id + " does nothing");
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
