package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.Principal;

/** Use case: short-lived download URLs for stored artifacts, one at a time or for all run results of a job. */
public interface DownloadArtifactUseCase {
    PresignedUrl download(Principal principal, ArtifactId artifact);

    Page<ResultDownload> results(Principal principal, JobId job, PageRequest page);

    /** A stored run result and where to fetch it. */
    record ResultDownload(Artifact artifact, PresignedUrl url) {
    }
}
