package io.runvault.application.service.operations;

import io.runvault.application.ClaimLost;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Operation;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageTier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How {@link ArchiveJob} and {@link RestoreJob} move each stored artifact of the job to a tier: a step per artifact,
 * taken in batches ({@link MoveBatch}), a batch's copies overlapping the previous batch's deletes, stopping early
 * when the store fails step after step.
 */
public final class MoveArtifacts {
    /** Steps per batch: what one transaction records and one bulk delete removes. */
    private static final int BATCH = 500;

    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final OperationRepository operations;
    private final MoveBatch batch;
    private final int maxConsecutiveFailures;

    public MoveArtifacts(JobRepository jobs, ArtifactRepository artifacts, OperationRepository operations,
            MoveBatch batch, int maxConsecutiveFailures) {
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be positive");
        }
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.operations = operations;
        this.batch = batch;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Returns why the operation stopped early, or null when every step was tried. */
    String move(Operation operation, StorageTier to, Fence fence) {
        Optional<Job> found = jobs.findById(operation.job());
        if (found.isEmpty() || found.get().status() == JobStatus.PURGING) {
            return "job " + operation.job() + (found.isEmpty() ? " no longer exists" : " is being purged");
        }
        plan(operation, to, fence);
        var failures = new ConsecutiveFailures(maxConsecutiveFailures);
        // A batch's originals are deleted and its steps ended in the background while the next batch copies, so the
        // copies do not wait on them; one batch settles at a time, and all have settled before this returns.
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> settling = null;
            ArtifactId after = null;
            for (List<ArtifactId> steps; !(steps = operations.openSteps(operation.id(), after, BATCH)).isEmpty(); ) {
                MoveBatch.Moved moved = batch.move(found.get(), steps, to, fence, failures);
                settled(settling);
                settling = background.submit(() -> batch.settle(moved.settled(), to, fence));
                if (moved.stop() != null) {
                    settled(settling);
                    return moved.stop();
                }
                if (steps.size() < BATCH) {
                    // The last batch: asking for more would find none.
                    break;
                }
                after = steps.getLast();
            }
            settled(settling);
            return null;
        }
    }

    /** Waits for a batch settling in the background, and throws what stopped it (ClaimLost above all). */
    private static void settled(Future<?> settling) {
        if (settling == null) {
            return;
        }
        try {
            settling.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while settling moved artifacts", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("settling moved artifacts failed", e.getCause());
        }
    }

    /** Stops the run unless the runner still holds its claim. */
    static void requireClaim(OperationRepository operations, Fence fence, String when) {
        if (!operations.holds(fence)) {
            throw new ClaimLost(fence, when);
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

    static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 1_000 ? message.substring(0, 1_000) + "…" : message;
    }

    /** Counts failures in a row: a store that is down fails every step alike, so stop rather than record them all. */
    static final class ConsecutiveFailures {
        private final int max;
        private int inARow;

        ConsecutiveFailures(int max) {
            this.max = max;
        }

        /** Null to go on, else why to stop. */
        String add(RuntimeException failure) {
            inARow = failure == null ? 0 : inARow + 1;
            return inARow >= max ? "stopped after " + inARow + " consecutive failures; last: " + describe(failure)
                    : null;
        }
    }
}
