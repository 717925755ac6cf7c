package io.runvault.application;

import io.runvault.domain.Artifact;

/** A presigned upload is not what its kind must be (results that are not a zip); it was discarded, not recorded. */
public final class UploadRejected extends RunvaultException {
    public UploadRejected(Artifact artifact, String reason) {
        super("the upload for artifact " + artifact.id() + " was discarded: " + reason
                + "; PUT the right bytes to a new upload URL");
    }
}
