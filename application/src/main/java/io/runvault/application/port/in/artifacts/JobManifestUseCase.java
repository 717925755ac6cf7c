package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.PresignedUrl;

/** Use case: for admins, every stored artifact of a job with where its bytes are now and a short-lived URL to them. */
public interface JobManifestUseCase {
    Page<Entry> manifest(Principal principal, JobId job, PageRequest page);

    /** An artifact and a presigned GET of its current location. */
    record Entry(Artifact artifact, PresignedUrl url) {
    }
}
