package io.runvault.application;

import io.runvault.domain.ArtifactId;

/** The zip has no entry of that name. */
public final class ZipEntryNotFound extends RunvaultException {
    public ZipEntryNotFound(ArtifactId artifact, String name) {
        super("artifact " + artifact + " has no entry named " + name);
    }
}
