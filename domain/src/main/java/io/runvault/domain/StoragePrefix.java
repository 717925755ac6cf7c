package io.runvault.domain;

/** Value object: a folder of the object store, to list or clean up everything under it; {@link JobS3Prefix} makes them. */
public record StoragePrefix(String value) {
    public StoragePrefix {
        if (value == null || value.isBlank() || value.startsWith("/") || !value.endsWith("/") || value.contains("..")) {
            throw new InvalidValue("prefix", "is not a storage prefix");
        }
    }

    public boolean contains(StorageKey key) {
        return key.value().startsWith(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
