package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;

/**
 * Use case: a client says all parts of its multipart upload are stored; the upload is completed under the artifact's
 * write claim, the object is read back once to hash it, and it is recorded only if that hash is the {@code sha256}
 * the client declared.
 */
public interface CompletePartedUploadUseCase {
    /**
     * Refuses now what {@link #complete} would refuse before any work: a missing argument, or a reservation the caller
     * may not complete.
     */
    void check(Principal principal, JobId job, ArtifactId artifact, String uploadId, Checksum sha256);

    Artifact complete(Principal principal, JobId job, ArtifactId artifact, String uploadId, Checksum sha256);
}
