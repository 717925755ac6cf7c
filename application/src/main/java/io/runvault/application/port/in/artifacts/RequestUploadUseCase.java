package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.PresignedUrl;

/** Use case: reserve an artifact of a job and hand out a short-lived URL to PUT its bytes to. */
public interface RequestUploadUseCase {
    UploadLocation request(RequestUploadCommand command);

    /** The reserved artifact and where to upload it. */
    record UploadLocation(Artifact artifact, PresignedUrl url) {
    }
}
