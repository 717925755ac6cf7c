package io.runvault.domain;

/** Which store holds an object: the primary one artifacts are written to, or the archive they are moved to. */
public enum StorageTier {
    PRIMARY, ARCHIVE
}
