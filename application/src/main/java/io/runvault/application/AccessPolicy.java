package io.runvault.application;

import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Job;
import io.runvault.domain.Owner;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.RunId;
import java.util.Arrays;

/**
 * Who may see and do what. A job a caller may not see does not exist for it (404, so existence never leaks); a job
 * it sees but may not act on is a 403.
 *
 * @param workersMayUseAnyJob whether an unscoped worker token reaches every job (else only its scoped job)
 */
public record AccessPolicy(boolean workersMayUseAnyJob) {

    public boolean sees(Principal principal, Job job) {
        return switch (principal.role()) {
            case ADMIN -> true;
            case CLIENT -> job.owner().equals(ownerSeenBy(principal));
            case WORKER -> principal.jobScope() == null ? workersMayUseAnyJob : principal.jobScope().equals(job.id());
        };
    }

    /**
     * For a caller that sees jobs by owner, as {@link #sees} rules, whose jobs those are: a client's own; null for an
     * admin, who sees every job. A worker sees jobs by its scope instead: it has no such owner.
     */
    public Owner ownerSeenBy(Principal principal) {
        return switch (principal.role()) {
            case ADMIN -> null;
            case CLIENT -> principal.name();
            case WORKER -> throw new IllegalArgumentException("a worker sees jobs by its scope, not by owner");
        };
    }

    public void require(Principal principal, String action, Role... allowed) {
        if (Arrays.stream(allowed).noneMatch(principal::is)) {
            throw new Forbidden(principal, action);
        }
    }

    /**
     * What the owner supplies (the job's input and config, a run's config) is the owner's to upload; what a run
     * produces (results, logs) comes from whoever runs it, its worker (within its scope) or an admin, whichever way
     * it is uploaded: never the client.
     */
    public void requireUpload(Principal principal, ArtifactIdentity artifact) {
        if (artifact.kind().producedByRun()) {
            require(principal, "upload " + artifact.kind().wireName(), Role.WORKER, Role.ADMIN);
            requireRun(principal, artifact.run(), "upload " + artifact.kind().wireName());
        } else {
            require(principal, "upload " + artifact.kind().wireName(), Role.CLIENT, Role.ADMIN);
        }
    }

    /** A worker scoped to one run sees that run only: its siblings do not exist for it (404). */
    public boolean seesRun(Principal principal, RunId run) {
        return principal.runScope() == null || principal.runScope().equals(run);
    }

    /** Job-level artifacts are seen by whoever sees the job; a run's, by whoever sees the run. */
    public boolean seesArtifact(Principal principal, ArtifactIdentity artifact) {
        return !artifact.kind().ofRun() || seesRun(principal, artifact.run());
    }

    /** A worker scoped to one run acts on that run only. */
    public void requireRun(Principal principal, RunId run, String action) {
        if (principal.runScope() != null && !principal.runScope().equals(run)) {
            throw new Forbidden(principal, action + " of run " + run);
        }
    }
}
