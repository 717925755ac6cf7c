package io.runvault.application;

import io.runvault.domain.RunvaultException;
import io.runvault.domain.StorageKey;

/** Nothing is stored at the key (not yet uploaded, or deleted). */
public final class ArtifactNotFound extends RunvaultException {
    private final StorageKey key;

    public ArtifactNotFound(StorageKey key) {
        super("artifact " + key + " does not exist");
        this.key = key;
    }

    public StorageKey key() {
        return key;
    }
}
