package io.runvault.application.service.artifacts;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.port.in.artifacts.ListArtifactsUseCase;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;

/** Use case: list a job's artifacts; an unknown job is an error, not an empty list. */
public final class ListArtifacts implements ListArtifactsUseCase {
    private final GetJob getJob;
    private final ArtifactRepository artifacts;
    private final AccessPolicy policy;

    public ListArtifacts(GetJob getJob, ArtifactRepository artifacts, AccessPolicy policy) {
        this.getJob = getJob;
        this.artifacts = artifacts;
        this.policy = policy;
    }

    @Override
    public Page<Artifact> list(Principal principal, JobId job, ArtifactFilter filter, PageRequest page) {
        getJob.get(principal, job);
        return artifacts.listByJob(job, filter, page)
                .filter(artifact -> policy.seesArtifact(principal, artifact.identity()));
    }
}
