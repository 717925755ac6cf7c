package io.runvault.domain;

import java.util.Objects;

/**
 * An artifact of a job: its identity, the key it is stored at and, once stored, its size, checksum and {@code seq}
 * (the order in which artifacts became stored, from a database sequence). {@code key} is the artifact's own key for
 * good; {@code location} is where its bytes are now: at that key, or archived.
 */
public record Artifact(ArtifactId id, ArtifactIdentity identity, StorageKey key, ArtifactState state, Long size,
        Checksum checksum, Long seq, StorageLocation location) {
    public Artifact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        if (state == ArtifactState.STORED && (size == null || checksum == null || seq == null)) {
            throw new IllegalArgumentException("a stored artifact has a size, a checksum and a seq");
        }
        location = location == null ? StorageLocation.primary(key) : location;
    }

    /** An artifact in its original place. */
    public Artifact(ArtifactId id, ArtifactIdentity identity, StorageKey key, ArtifactState state, Long size,
            Checksum checksum, Long seq) {
        this(id, identity, key, state, size, checksum, seq, null);
    }

    public Artifact at(StorageLocation where) {
        return new Artifact(id, identity, key, state, size, checksum, seq, where);
    }

    public boolean isArchived() {
        return location.tier() == StorageTier.ARCHIVE;
    }

    public boolean isStored() {
        return state == ArtifactState.STORED;
    }

    public boolean belongsTo(JobId job) {
        return identity.job().equals(job);
    }
}
