package io.runvault.application;

import io.runvault.domain.Artifact;

/** The artifact's upload has not been completed, so there is nothing to download. */
public final class ArtifactNotStored extends RunvaultException {
    public ArtifactNotStored(Artifact artifact) {
        super("artifact " + artifact.id() + " is not stored yet");
    }
}
