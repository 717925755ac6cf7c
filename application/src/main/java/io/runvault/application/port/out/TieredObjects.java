package io.runvault.application.port.out;

import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoredObject;
import java.util.Optional;

/** Outgoing port: objects in either tier, looked up, copied from one location to another inside the store, removed. */
public interface TieredObjects {
    /**
     * Copies an object inside the store (no bytes through this process), create-only: nothing already at {@code to}
     * is replaced. The copy carries the original's recorded metadata; the archive tier may use another storage class.
     *
     * @throws io.runvault.application.ArtifactAlreadyExists if something is at {@code to}; it is left untouched
     * @throws io.runvault.application.ArtifactNotFound if nothing is at {@code from}
     */
    void copy(StorageLocation from, StorageLocation to);

    /** {@link ArtifactObjects#head} in either tier. */
    Optional<StoredObject> head(StorageLocation at);

    /** {@link ArtifactObjects#delete} in either tier. */
    void delete(StorageLocation at);
}
