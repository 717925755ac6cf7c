package io.runvault.domain;

import java.util.Objects;

/** Value object: where an object is, a key in one of the stores; adapters decide which bucket a tier means. */
public record StorageLocation(StorageTier tier, StorageKey key) {
    public StorageLocation {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(key, "key");
    }

    public static StorageLocation primary(StorageKey key) {
        return new StorageLocation(StorageTier.PRIMARY, key);
    }

    public static StorageLocation archive(StorageKey key) {
        return new StorageLocation(StorageTier.ARCHIVE, key);
    }

    @Override
    public String toString() {
        return tier.name().toLowerCase(java.util.Locale.ROOT) + ":" + key;
    }
}
