package io.runvault.application.service.artifacts;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;

/**
 * The reservation a completion names, found only for a caller who may upload it: the checks every completion begins
 * with.
 */
final class Reservations {
    private final GetJob getJob;
    private final ArtifactRepository artifacts;
    private final AccessPolicy policy;

    Reservations(GetJob getJob, ArtifactRepository artifacts, AccessPolicy policy) {
        this.getJob = getJob;
        this.artifacts = artifacts;
        this.policy = policy;
    }

    /** The job and its reserved artifact; a job or artifact the caller may not see is missing, as on every read. */
    Reserved find(Principal principal, JobId job, ArtifactId id) {
        Job owner = getJob.get(principal, job);
        Artifact reserved = artifacts.findById(id).filter(a -> a.belongsTo(job))
                .orElseThrow(() -> new ArtifactNotFound(id));
        policy.requireUpload(principal, reserved.identity());
        return new Reserved(owner, reserved);
    }

    /** A job and the artifact reserved in it. */
    record Reserved(Job job, Artifact artifact) {
    }
}
