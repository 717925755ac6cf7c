package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;

/** Use case: list a job's artifacts with size, checksum and state. */
public interface ListArtifactsUseCase {
    Page<Artifact> list(Principal principal, JobId job, ArtifactFilter filter, PageRequest page);
}
