package io.runvault.application.port.out;

import io.runvault.domain.Artifact;
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

    /**
     * Copies the artifact's bytes from where they are now to {@code to}, inside the store, provided the object there is
     * still the one recorded: the version its recorded tag names, checked by the store as it copies; without a tag,
     * an object of the recorded size and SHA-256, looked up first. In the archive tier a copy replaces what is at
     * {@code to}: archive keys follow from the identity and only the runner holding the job's operation writes them,
     * always with the artifact's own bytes, so what it replaces is an earlier attempt's copy. Copies in parts, and
     * copies to the primary tier, are create-only instead.
     *
     * @return what is now at {@code to}: the artifact's size and SHA-256, with the store's tag of the copy if it gave
     *         one
     * @throws io.runvault.application.ArtifactNotFound if nothing is where the artifact is
     * @throws io.runvault.application.CopyNotVerified if the object there is not the one recorded; nothing was copied
     * @throws io.runvault.application.ArtifactAlreadyExists if a create-only copy found something at {@code to}; it
     *         is left untouched
     */
    StoredObject copyArtifact(Artifact artifact, StorageLocation to);

    /** {@link ArtifactObjects#head} in either tier. */
    Optional<StoredObject> head(StorageLocation at);

    /** {@link ArtifactObjects#delete} in either tier. */
    void delete(StorageLocation at);
}
