package io.runvault.application.service.artifacts;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.ArtifactNotStored;
import io.runvault.application.JobNotFound;
import io.runvault.application.port.in.artifacts.DownloadArtifactUseCase;
import io.runvault.domain.ArtifactFilter;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.Principal;
import java.time.Duration;

/**
 * Use case: presigned GETs for stored artifacts only (a pending one has nothing trustworthy to hand out), wherever
 * their bytes are now: at their key, or archived.
 */
public final class DownloadArtifact implements DownloadArtifactUseCase {
    private final GetJob getJob;
    private final ArtifactRepository artifacts;
    private final ArtifactLinks links;
    private final AccessPolicy policy;
    private final Duration urlTtl;

    public DownloadArtifact(GetJob getJob, ArtifactRepository artifacts, ArtifactLinks links, AccessPolicy policy,
            Duration urlTtl) {
        this.getJob = getJob;
        this.artifacts = artifacts;
        this.links = links;
        this.policy = policy;
        this.urlTtl = urlTtl;
    }

    @Override
    public PresignedUrl download(Principal principal, ArtifactId id) {
        Artifact artifact = artifacts.findById(id).filter(found -> policy.seesArtifact(principal, found.identity()))
                .orElseThrow(() -> new ArtifactNotFound(id));
        // Through GetJob like every read of the job: invisible is missing, and a job being purged hands out no URLs.
        try {
            getJob.get(principal, artifact.identity().job());
        } catch (JobNotFound invisible) {
            throw new ArtifactNotFound(id);
        }
        if (!artifact.isStored()) {
            throw new ArtifactNotStored(artifact);
        }
        return links.presignGet(artifact.location(), urlTtl);
    }

    @Override
    public Page<ResultDownload> results(Principal principal, JobId job, PageRequest page) {
        getJob.get(principal, job);
        return artifacts.listByJob(job, ArtifactFilter.storedResults(), page)
                .filter(artifact -> policy.seesArtifact(principal, artifact.identity()))
                .map(artifact -> new ResultDownload(artifact, links.presignGet(artifact.location(), urlTtl)));
    }
}
