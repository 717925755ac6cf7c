package io.runvault.application.service.artifacts;

import io.runvault.application.port.in.artifacts.RequestStagedUploadUseCase;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.in.artifacts.RequestUploadUseCase.UploadLocation;
import io.runvault.application.port.out.ArtifactLinks;
import java.time.Duration;

/**
 * Use case: reserve an artifact exactly as {@link RequestUpload} does (same access rules, same closed-job and
 * already-stored refusals), then presign a plain PUT to its staging key instead of a create-only PUT to its key.
 */
public final class RequestStagedUpload implements RequestStagedUploadUseCase {
    private final RequestUpload requestUpload;
    private final ArtifactLinks links;
    private final Duration urlTtl;

    public RequestStagedUpload(RequestUpload requestUpload, ArtifactLinks links, Duration urlTtl) {
        this.requestUpload = requestUpload;
        this.links = links;
        this.urlTtl = urlTtl;
    }

    @Override
    public UploadLocation request(RequestUploadCommand command) {
        var reserved = requestUpload.reserve(command);
        var staging = reserved.job().prefix().stagingKeyFor(reserved.artifact().key());
        return new UploadLocation(reserved.artifact(), links.presignStagingPut(staging, urlTtl));
    }
}
