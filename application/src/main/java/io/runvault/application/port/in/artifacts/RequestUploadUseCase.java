package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.SingleUploadId;

/**
 * Use case: reserve an artifact of a job and hand out a short-lived URL to PUT its bytes to: a staging key of that
 * upload's own, never the artifact's key, so racing uploads cannot overwrite one another whatever the store does.
 */
public interface RequestUploadUseCase {
    UploadLocation request(RequestUploadCommand command);

    /**
     * The reserved artifact, where to upload it, and the id completion names that upload by (null for a staged
     * upload that Runvault promotes by itself).
     */
    record UploadLocation(Artifact artifact, PresignedUrl url, SingleUploadId uploadId) {
        public UploadLocation(Artifact artifact, PresignedUrl url) {
            this(artifact, url, null);
        }
    }
}
