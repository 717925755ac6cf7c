package io.runvault.domain;

/** Value object: what the artifact store holds at a key, as far as Runvault checks it: its size and SHA-256. */
public record StoredObject(StorageKey key, long size, Checksum sha256) {
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
    }
}
