package io.runvault.application;

import io.runvault.domain.StorageKey;

/** Artifacts are write-once: something is already stored at the key, and it was left as it was. */
public final class ArtifactAlreadyExists extends RunvaultException {
    private final StorageKey key;

    public ArtifactAlreadyExists(StorageKey key) {
        super("artifact " + key + " already exists and is never overwritten");
        this.key = key;
    }

    public StorageKey key() {
        return key;
    }
}
