package io.runvault.application;

import io.runvault.domain.Artifact;

/** A client said its upload is complete, but nothing is stored at the artifact's key yet. */
public final class UploadIncomplete extends RunvaultException {
    public UploadIncomplete(Artifact artifact) {
        super("nothing has been uploaded for artifact " + artifact.id() + " yet; PUT it to its upload URL first");
    }
}
