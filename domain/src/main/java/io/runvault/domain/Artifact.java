package io.runvault.domain;

import java.util.Objects;

/**
 * An artifact of a job: its identity, the key it is stored at and, once stored, its size, checksum and {@code seq}
 * (the order in which artifacts became stored, from a database sequence). {@code key} is the artifact's own key for
 * good; {@code location} is where its bytes are now: at that key, or archived. {@code tag} is the store's tag (ETag)
 * of the object at {@code location} as recorded when the bytes were put there, or null when none was recorded.
 */
public record Artifact(ArtifactId id, ArtifactIdentity identity, StorageKey key, ArtifactState state, Long size,
        Checksum checksum, Long seq, StorageLocation location, String tag) {
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

    /** An artifact whose object's tag was not recorded. */
    public Artifact(ArtifactId id, ArtifactIdentity identity, StorageKey key, ArtifactState state, Long size,
            Checksum checksum, Long seq, StorageLocation location) {
        this(id, identity, key, state, size, checksum, seq, location, null);
    }

    /** An artifact in its original place. */
    public Artifact(ArtifactId id, ArtifactIdentity identity, StorageKey key, ArtifactState state, Long size,
            Checksum checksum, Long seq) {
        this(id, identity, key, state, size, checksum, seq, null, null);
    }

    /** The artifact with its bytes elsewhere, in an object whose tag is {@code tag} (null: not known). */
    public Artifact at(StorageLocation where, String tag) {
        return new Artifact(id, identity, key, state, size, checksum, seq, where, tag);
    }

    /** The artifact with its bytes elsewhere, the tag of the object there unknown. */
    public Artifact at(StorageLocation where) {
        return at(where, null);
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
