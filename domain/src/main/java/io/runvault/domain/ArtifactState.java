package io.runvault.domain;

/** Whether the object behind an artifact row is known to be in storage. */
public enum ArtifactState {
    /** A key is reserved; the object may be missing or still arriving. */
    PENDING,
    /** The object is stored and its size and checksum are recorded. */
    STORED
}
