package io.runvault.application;

import io.runvault.domain.Artifact;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoredObject;

/**
 * A copy's size or SHA-256 differs from what was recorded for the artifact, or the object to copy is no longer the one
 * recorded, so the original stays where it is.
 */
public final class CopyNotVerified extends RunvaultException {
    public CopyNotVerified(Artifact artifact, StorageLocation at, StoredObject found) {
        super("copy of artifact " + artifact.id() + " at " + at + " has " + found.size() + " bytes, "
                + found.sha256() + "; expected " + artifact.size() + " bytes, " + artifact.checksum());
    }

    public CopyNotVerified(Artifact artifact, StorageLocation from, String found) {
        super("the object of artifact " + artifact.id() + " at " + from + " is not the one recorded (" + artifact.size()
                + " bytes, " + artifact.checksum() + "): " + found);
    }
}
