package io.runvault.application.service.operations;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ClaimLost;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.CopyNotVerified;
import io.runvault.domain.ArtifactFilter;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Operation;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How {@link ArchiveJob} and {@link RestoreJob} move each stored artifact of the job to a tier: copy, verify,
 * record, then (archiving, when configured) delete the original. Destinations follow from the identity alone and
 * copies are create-only, so a repeated step finds its earlier copy, checks it, and never writes a second one
 * elsewhere.
 */
public final class MoveArtifacts {
    private static final int BATCH = 200;

    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final OperationRepository operations;
    private final TieredObjects objects;
    private final boolean deleteOriginals;
    private final int maxConsecutiveFailures;
    private final int parallelism;

    /**
     * @param parallelism artifacts moved at the same time: each move is a handful of round trips to the store, so a
     *                    few at once cut an operation's time without loading the store much
     */
    public MoveArtifacts(JobRepository jobs, ArtifactRepository artifacts, OperationRepository operations,
            TieredObjects objects, boolean deleteOriginals, int maxConsecutiveFailures, int parallelism) {
        if (maxConsecutiveFailures < 1 || parallelism < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures and parallelism must be positive");
        }
        this.parallelism = parallelism;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.operations = operations;
        this.objects = objects;
        this.deleteOriginals = deleteOriginals;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Returns why the operation stopped early, or null when every step was tried. */
    String move(Operation operation, StorageTier to, Fence fence) {
        Optional<Job> found = jobs.findById(operation.job());
        if (found.isEmpty() || found.get().status() == JobStatus.PURGING) {
            return "job " + operation.job() + (found.isEmpty() ? " no longer exists" : " is being purged");
        }
        Job job = found.get();
        plan(operation, to, fence);
        ArtifactId after = null;
        // A sliding window: a new step starts as soon as any step ends, so the slowest of a group never holds the
        // others back; outcomes are judged in the order they come in.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new ExecutorCompletionService<RuntimeException>(pool);
            var outcomes = new Outcomes();
            int inFlight = 0;
            for (List<ArtifactId> steps; !(steps = operations.openSteps(operation.id(), after, BATCH)).isEmpty(); ) {
                for (ArtifactId step : steps) {
                    if (inFlight == parallelism) {
                        inFlight--;
                        String stop = outcomes.add(outcome(running.take()));
                        if (stop != null) {
                            return stop;
                        }
                    }
                    running.submit(() -> attempt(fence, job, step, to));
                    inFlight++;
                }
                after = steps.getLast();
            }
            for (; inFlight > 0; inFlight--) {
                String stop = outcomes.add(outcome(running.take()));
                if (stop != null) {
                    return stop;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving artifacts", e);
        }
        return null;
    }

    /** Counts failures in a row: a store that is down fails every step alike, so stop rather than record them all. */
    private final class Outcomes {
        private int consecutiveFailures;

        /** Null to go on, else why to stop. */
        String add(RuntimeException failure) {
            consecutiveFailures = failure == null ? 0 : consecutiveFailures + 1;
            return consecutiveFailures >= maxConsecutiveFailures
                    ? "stopped after " + consecutiveFailures + " consecutive failures; last: " + describe(failure)
                    : null;
        }
    }

    /**
     * One step, its outcome recorded: null when done, else what failed it. Nothing is done without the claim: it is
     * checked before the store is touched, and every write of the step is conditional on it.
     */
    private RuntimeException attempt(Fence fence, Job job, ArtifactId step, StorageTier to) {
        requireClaim(operations, fence, "before moving artifact " + step);
        try {
            moveOne(job, step, to, fence);
            if (!operations.stepDone(fence, step)) {
                throw new ClaimLost(fence, "recording artifact " + step + " moved");
            }
            return null;
        } catch (ClaimLost e) {
            throw e;
        } catch (RuntimeException e) {
            if (!operations.stepFailed(fence, step, describe(e))) {
                throw new ClaimLost(fence, "recording artifact " + step + " failed");
            }
            return e;
        }
    }

    /** Stops the run unless the runner still holds its claim. */
    static void requireClaim(OperationRepository operations, Fence fence, String when) {
        if (!operations.holds(fence)) {
            throw new ClaimLost(fence, when);
        }
    }

    private static RuntimeException outcome(Future<RuntimeException> attempt) {
        try {
            return attempt.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving artifacts", e);
        } catch (ExecutionException e) {
            // attempt() returns every other RuntimeException: only a lost claim or an Error gets here.
            if (e.getCause() instanceof ClaimLost lost) {
                throw lost;
            }
            throw new IllegalStateException("moving an artifact failed", e.getCause());
        }
    }

    /** A step per stored artifact not yet in the target tier; run again, it adds only artifacts stored since. */
    private void plan(Operation operation, StorageTier to, Fence fence) {
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Artifact> stored = artifacts.listByJob(operation.job(), new ArtifactFilter(null, ArtifactState.STORED),
                    page);
            if (!operations.addSteps(fence, stored.items().stream()
                    .filter(artifact -> artifact.location().tier() != to).toList())) {
                throw new ClaimLost(fence, "planning");
            }
            if (stored.next() == null) {
                return;
            }
            page = new PageRequest(stored.next(), PageRequest.MAX_LIMIT);
        }
    }

    private void moveOne(Job job, ArtifactId id, StorageTier to, Fence fence) {
        Optional<Artifact> found = artifacts.findById(id);
        if (found.isEmpty() || !found.get().isStored()) {
            return;
        }
        Artifact artifact = found.get();
        if (artifact.location().tier() == to) {
            // Recorded by an earlier attempt that may have stopped before deleting the original.
            deleteOriginal(artifact, to);
            return;
        }
        StorageLocation target = to == StorageTier.ARCHIVE
                ? StorageLocation.archive(job.prefix().archiveKeyFor(artifact.key()))
                : StorageLocation.primary(artifact.key());
        try {
            objects.copy(artifact.location(), target);
        } catch (ArtifactAlreadyExists e) {
            // An earlier attempt's copy, or something else entirely: the verification below tells which.
        }
        StoredObject copy = objects.head(target)
                .orElseThrow(() -> new IllegalStateException("no object at " + target + " right after copying"));
        if (copy.size() != artifact.size() || !copy.sha256().equals(artifact.checksum())) {
            throw new CopyNotVerified(artifact, target, copy);
        }
        if (!artifacts.relocate(id, artifact.location(), target, fence)) {
            requireClaim(operations, fence, "recording where artifact " + id + " is");
            throw new ConcurrentChange("location of artifact " + id);
        }
        deleteOriginal(artifact, to);
    }

    /** Only after the copy is verified and recorded; a restore keeps the archived copy. */
    private void deleteOriginal(Artifact artifact, StorageTier to) {
        if (to == StorageTier.ARCHIVE && deleteOriginals) {
            objects.delete(StorageLocation.primary(artifact.key()));
        }
    }

    static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 1_000 ? message.substring(0, 1_000) + "…" : message;
    }
}
