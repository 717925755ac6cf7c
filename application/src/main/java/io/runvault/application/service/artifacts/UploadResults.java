package io.runvault.application.service.artifacts;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.JobClosed;
import io.runvault.application.RunNotFound;
import io.runvault.application.Sha256;
import io.runvault.application.port.in.artifacts.UploadResultsCommand;
import io.runvault.application.port.in.artifacts.UploadResultsUseCase;
import io.runvault.application.port.out.ArtifactClaims.Granted;
import io.runvault.application.port.out.ArtifactClaims.HeldElsewhere;
import io.runvault.application.port.out.ArtifactClaims.Recorded;
import io.runvault.application.port.out.ArtifactClaims.Stored;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.RunsWithJobs;
import io.runvault.application.port.out.RunsWithJobs.JobWithRun;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Checksum;
import io.runvault.domain.IllegalTransition;
import io.runvault.domain.Job;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.Run;
import io.runvault.domain.RunStatus;
import io.runvault.domain.Stage;
import io.runvault.domain.StoredObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Use case: stream a run's results into storage under the job's prefix (from the job's createdAt, however late the
 * run), then record them and move the run on. Only the holder of the artifact's write claim writes to the store;
 * every other writer hashes its body and compares it with what the holder stored: the same bytes are a success
 * (200), other bytes a 409, and what is stored, what the row says and what the first writer was told always agree.
 */
public final class UploadResults implements UploadResultsUseCase {
    private final GetJob getJob;
    private final RunsWithJobs jobsWithRuns;
    private final RunRepository runs;
    private final ArtifactClaims claims;
    private final ArtifactObjects objects;
    private final AccessPolicy policy;
    private final Duration claimWait;

    public UploadResults(GetJob getJob, RunsWithJobs jobsWithRuns, RunRepository runs, ArtifactClaims claims,
            ArtifactObjects objects, AccessPolicy policy, Duration claimWait) {
        this.getJob = getJob;
        this.jobsWithRuns = jobsWithRuns;
        this.runs = runs;
        this.claims = claims;
        this.objects = objects;
        this.policy = policy;
        this.claimWait = claimWait;
    }

    @Override
    public UploadedResults upload(UploadResultsCommand command) {
        Principal principal = command.principal();
        Optional<JobWithRun> read = jobsWithRuns.find(command.job(), command.run());
        Job job = getJob.visible(principal, command.job(), read.map(JobWithRun::job));
        // A run-scoped worker's sibling runs do not exist for it, as on every read.
        Run run = read.flatMap(JobWithRun::run).filter(r -> policy.seesRun(principal, r.id()))
                .orElseThrow(() -> new RunNotFound(command.run(), job.id()));
        // Results come from whoever runs the simulation: a worker (within its scope) or an admin, not the client.
        policy.require(principal, "upload results", Role.WORKER, Role.ADMIN);
        policy.requireRun(principal, run.id(), "upload results");
        // A closed job takes no new uploads; only a DONE run's final results may come again (a retry, or results
        // of a run finished without them).
        if (job.status().isClosed() && !(run.status() == RunStatus.DONE && command.stage().equals(Stage.FINAL))) {
            throw new JobClosed(job);
        }
        Optional<RunStatus> next = run.acceptResults(command.stage());
        var identity = ArtifactIdentity.runResults(job.id(), run.id(), command.stage());
        Outcome outcome = switch (claims.claim(identity, job.prefix().keyFor(identity))) {
            case Stored stored -> decide(stored.artifact(), Sha256.of(command.body()));
            case HeldElsewhere held -> {
                // Read (and hash) this body while the holder writes its own, then compare with what it stored.
                Checksum ours = Sha256.of(command.body());
                yield decide(claims.awaitOutcome(held.artifact().id(), claimWait).filter(Artifact::isStored)
                        .orElseThrow(() -> new ConcurrentChange("artifact " + held.artifact().key())), ours);
            }
            case Granted granted -> write(granted, command, run, next);
        };
        if (!outcome.runMoved()) {
            next.ifPresent(target -> move(run, target));
        }
        return outcome.uploaded();
    }

    /** What this request was told, and whether the run moved with the record of its results. */
    private record Outcome(UploadedResults uploaded, boolean runMoved) {
    }

    private Outcome write(Granted claim, UploadResultsCommand command, Run run, Optional<RunStatus> next) {
        try (claim) {
            Artifact artifact = claim.artifact();
            if (claim.mayHaveLeftover()) {
                // An object without a stored row is what an interrupted earlier writer leaves; head verifies it.
                Optional<StoredObject> leftover = objects.head(artifact.key());
                if (leftover.isPresent()) {
                    Artifact adopted = record(claim, leftover.get());
                    return decide(adopted, Sha256.of(command.body()));
                }
            }
            StoredObject stored;
            try {
                stored = objects.putIfAbsent(artifact.key(), new WhileHeld(command.body(), claim), command.length());
            } catch (ArtifactAlreadyExists e) {
                // Only a store that honours If-None-Match says so: an object no row knew of. Record it, verified.
                objects.head(artifact.key()).ifPresent(found -> record(claim, found));
                throw e;
            } catch (RuntimeException e) {
                if (!claim.held()) {
                    throw new ConcurrentChange("the write claim on artifact " + artifact.key());
                }
                throw e;
            }
            if (next.isEmpty()) {
                return new Outcome(new UploadedResults(record(claim, stored), true), false);
            }
            // The record and the run's move in one write where the adapter can: the run moves as move() would.
            Recorded recorded = claim.markStoredMovingRun(stored.size(), stored.sha256(), stored.tag(), run.id(),
                    from(next.get()), next.get())
                    .orElseThrow(() -> new ConcurrentChange("the write claim on artifact " + artifact.key()));
            return new Outcome(new UploadedResults(recorded.artifact(), true), recorded.runMoved());
        }
    }

    /** Fenced by the claim; losing it meanwhile means another writer took over, whose outcome then stands. */
    private Artifact record(Granted claim, StoredObject object) {
        Artifact artifact = claim.artifact();
        return claim.markStored(object.size(), object.sha256(), object.tag())
                .orElseThrow(() -> new ConcurrentChange("the write claim on artifact " + artifact.key()));
    }

    /** The one place deciding what a writer that did not store the bytes is told. */
    private static Outcome decide(Artifact stored, Checksum ours) {
        if (!ours.equals(stored.checksum())) {
            throw new ArtifactAlreadyExists(stored.key());
        }
        return new Outcome(new UploadedResults(stored, false), false);
    }

    /** One conditional update; a run that another writer's results moved on already is where it should be. */
    private void move(Run run, RunStatus target) {
        if (runs.updateStatus(run.id(), from(target), target)) {
            return;
        }
        RunStatus now = runs.findById(run.id()).map(Run::status).orElseThrow(() -> new RunNotFound(run.id()));
        if (now != target && now != RunStatus.DONE) {
            throw new IllegalTransition("run " + run.id(), now, target);
        }
    }

    /** Where a run may be for results to move it to {@code target}. */
    private static Set<RunStatus> from(RunStatus target) {
        return target == RunStatus.DONE ? Set.of(RunStatus.PENDING, RunStatus.RUNNING) : Set.of(RunStatus.PENDING);
    }

    /** Stops feeding the store once the claim is lost, so a writer that was taken over never completes its write. */
    private static final class WhileHeld extends FilterInputStream {
        private final Granted claim;

        WhileHeld(InputStream body, Granted claim) {
            super(body);
            this.claim = claim;
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            return super.read(buffer, offset, length);
        }

        private void check() throws IOException {
            if (!claim.held()) {
                throw new IOException("the write claim was lost");
            }
        }
    }
}
