package io.runvault.application.service.artifacts;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.port.in.artifacts.JobManifestUseCase;
import io.runvault.domain.ArtifactFilter;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.time.Duration;

/** Use case: a job's stored artifacts with their current location and a presigned GET each. */
public final class JobManifest implements JobManifestUseCase {
    private final GetJob getJob;
    private final ArtifactRepository artifacts;
    private final ArtifactLinks links;
    private final Duration urlTtl;
    private final AccessPolicy policy;

    public JobManifest(GetJob getJob, ArtifactRepository artifacts, ArtifactLinks links, Duration urlTtl,
            AccessPolicy policy) {
        this.getJob = getJob;
        this.artifacts = artifacts;
        this.links = links;
        this.urlTtl = urlTtl;
        this.policy = policy;
    }

    @Override
    public Page<Entry> manifest(Principal principal, JobId job, PageRequest page) {
        policy.require(principal, "read a job's manifest", Role.ADMIN);
        getJob.get(principal, job);
        return artifacts.listByJob(job, new ArtifactFilter(null, ArtifactState.STORED), page)
                .map(artifact -> new Entry(artifact, links.presignGet(artifact.location(), urlTtl)));
    }
}
