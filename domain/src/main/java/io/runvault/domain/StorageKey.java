package io.runvault.domain;

/** Value object: an object key in the artifact store; only {@link JobS3Prefix} makes them. */
public record StorageKey(String value) {
    public StorageKey {
        if (value == null || value.isBlank() || value.startsWith("/") || value.contains("..")) {
            throw new InvalidValue("key", "is not a storage key");
        }
    }

    public boolean isUnder(JobS3Prefix prefix) {
        return value.startsWith(prefix.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
