package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.SingleUploadId;

/**
 * Use case: a client says its presigned upload {@code upload} is done; under the artifact's write claim the upload is
 * copied to the artifact's key, hashed there and only then recorded as stored with its size and checksum. Another
 * upload stored first: the same bytes are a success, other bytes a refusal. {@code expected} (optional) is the
 * SHA-256 the client computed.
 */
public interface CompleteUploadUseCase {
    /**
     * Refuses now what {@link #complete} would refuse before any work: no upload id, or a reservation the caller may
     * not complete.
     */
    void check(Principal principal, JobId job, ArtifactId artifact, SingleUploadId upload);

    CompletedUpload complete(Principal principal, JobId job, ArtifactId artifact, SingleUploadId upload,
            Checksum expected);

    /** The stored artifact, and whether this upload's bytes were stored (false: the same bytes already were). */
    record CompletedUpload(Artifact artifact, boolean created) {
    }
}
