package io.runvault.application;

import io.runvault.domain.ArtifactId;

/** A stored artifact asked for as a zip has no readable zip directory. */
public final class NotAZip extends RunvaultException {
    public NotAZip(ArtifactId artifact, String reason) {
        super("artifact " + artifact + " is not a readable zip: " + reason);
    }
}
