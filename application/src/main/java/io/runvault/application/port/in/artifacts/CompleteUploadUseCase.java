package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;

/**
 * Use case: a client says its presigned upload is done; the object is checked in storage and only then recorded as
 * stored with its size and checksum. {@code expected} (optional) is the SHA-256 the client computed.
 */
public interface CompleteUploadUseCase {
    Artifact complete(Principal principal, JobId job, ArtifactId artifact, Checksum expected);
}
