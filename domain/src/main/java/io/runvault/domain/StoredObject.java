package io.runvault.domain;

import java.util.Objects;

/**
 * Value object: what the artifact store holds at a key, as far as Runvault checks it: its size and SHA-256, and the
 * store's tag of that version of the object (its ETag) when the store gave one. The tag names a version rather than
 * describing the bytes (a store may tag the same bytes differently in two places), so equality leaves it out.
 */
public record StoredObject(StorageKey key, long size, Checksum sha256, String tag) {
    public StoredObject {
        if (key == null) {
            throw new InvalidValue("key", "is required");
        }
        if (size < 0) {
            throw new InvalidValue("size", "must not be negative");
        }
        if (sha256 == null || sha256.algorithm() != Checksum.Algorithm.SHA256) {
            throw new InvalidValue("sha256", "must be a SHA-256 checksum");
        }
        if (tag != null && tag.isBlank()) {
            throw new InvalidValue("tag", "must not be blank");
        }
    }

    /** An object whose tag is unknown. */
    public StoredObject(StorageKey key, long size, Checksum sha256) {
        this(key, size, sha256, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredObject that && key.equals(that.key) && size == that.size
                && sha256.equals(that.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, size, sha256);
    }
}
