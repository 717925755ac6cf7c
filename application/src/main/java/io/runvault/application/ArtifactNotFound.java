package io.runvault.application;

import io.runvault.domain.ArtifactId;
import io.runvault.domain.StorageKey;

/** No such artifact: no row with that id, or nothing stored at the key (not yet uploaded, or deleted). */
public final class ArtifactNotFound extends RunvaultException {
    public ArtifactNotFound(StorageKey key) {
        super("artifact " + key + " does not exist");
    }

    public ArtifactNotFound(ArtifactId id) {
        super("artifact " + id + " does not exist");
    }
}
