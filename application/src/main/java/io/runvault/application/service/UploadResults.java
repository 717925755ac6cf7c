package io.runvault.application.service;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.JobClosed;
import io.runvault.application.Sha256;
import io.runvault.application.port.in.UploadResultsCommand;
import io.runvault.application.port.in.UploadResultsUseCase;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.IllegalTransition;
import io.runvault.domain.Job;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.Run;
import io.runvault.domain.RunStatus;
import io.runvault.domain.Stage;
import io.runvault.domain.StoredObject;
import java.util.Optional;

/**
 * Use case: stream a run's results into storage under the job's prefix (from the job's createdAt, however late the
 * run), create-only, then record them and finish the run. The same bytes again are a success; other bytes a 409.
 */
public final class UploadResults implements UploadResultsUseCase {
    private final GetJob getJob;
    private final GetRun getRun;
    private final ChangeRunStatus changeRunStatus;
    private final ArtifactRepository artifacts;
    private final ArtifactStorage storage;
    private final AccessPolicy policy;

    public UploadResults(GetJob getJob, GetRun getRun, ChangeRunStatus changeRunStatus, ArtifactRepository artifacts,
            ArtifactStorage storage, AccessPolicy policy) {
        this.getJob = getJob;
        this.getRun = getRun;
        this.changeRunStatus = changeRunStatus;
        this.artifacts = artifacts;
        this.storage = storage;
        this.policy = policy;
    }

    @Override
    public UploadedResults upload(UploadResultsCommand command) {
        Principal principal = command.principal();
        Job job = getJob.get(principal, command.job());
        Run run = getRun.get(principal, job.id(), command.run());
        // Results come from whoever runs the simulation: a worker (within its scope) or an admin, not the client.
        policy.require(principal, "upload results", Role.WORKER, Role.ADMIN);
        policy.requireRun(principal, run.id(), "upload results");
        // A closed job takes no new uploads; only a DONE run's final results may come again (a retry, or results
        // of a run finished without them).
        if (job.status().isClosed() && !(run.status() == RunStatus.DONE && command.stage().equals(Stage.FINAL))) {
            throw new JobClosed(job);
        }
        if (run.status() == RunStatus.FAILED || run.status() == RunStatus.CANCELLED) {
            throw new IllegalTransition("run " + run.id(), run.status(), RunStatus.DONE);
        }
        var identity = ArtifactIdentity.runResults(job.id(), run.id(), command.stage());
        Artifact artifact = artifacts.reserve(identity, job.prefix().keyFor(identity));
        boolean created = false;
        if (!artifact.isStored()) {
            // An object without a stored row is what an interrupted earlier upload leaves: adopt it, then compare.
            Optional<StoredObject> leftover = storage.head(artifact.key());
            if (leftover.isEmpty()) {
                StoredObject stored = storage.putIfAbsent(artifact.key(), command.body(), command.length());
                created = true;
                artifact = artifacts.markStored(artifact.id(), stored.size(), stored.sha256());
            } else {
                artifact = artifacts.markStored(artifact.id(), leftover.get().size(), leftover.get().sha256());
            }
        }
        if (!created && !Sha256.of(command.body()).equals(artifact.checksum())) {
            throw new ArtifactAlreadyExists(artifact.key());
        }
        finish(principal, run, command.stage());
        return new UploadedResults(artifact, created);
    }

    /** Final results finish the run; an intermediate stage only shows it is running. */
    private void finish(Principal principal, Run run, Stage stage) {
        if (run.status() == RunStatus.PENDING) {
            changeRunStatus.change(principal, run.id(), RunStatus.RUNNING);
        }
        if (stage.equals(Stage.FINAL)) {
            changeRunStatus.change(principal, run.id(), RunStatus.DONE);
        }
    }
}
