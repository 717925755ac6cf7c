package io.runvault.application.service.operations;

import io.runvault.application.ClaimLost;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.MoveSteps;
import io.runvault.application.port.out.MoveSteps.OpenStep;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Operation;
import io.runvault.domain.StorageTier;
import java.util.List;
import java.util.Optional;

/**
 * How {@link ArchiveJob} and {@link RestoreJob} move each stored artifact of the job to a tier: a step per artifact,
 * taken page by page ({@link MoveBatch}), the copies overlapping the recording and the deletes of those done before,
 * stopping early when the store fails step after step.
 */
public final class MoveArtifacts {
    /** Steps per page: read, with their artifacts' rows, in one query each. */
    static final int BATCH = 500;

    private final JobRepository jobs;
    private final MoveSteps steps;
    private final MoveBatch batch;
    private final int maxConsecutiveFailures;

    public MoveArtifacts(JobRepository jobs, MoveSteps steps, MoveBatch batch, int maxConsecutiveFailures) {
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be positive");
        }
        this.jobs = jobs;
        this.steps = steps;
        this.batch = batch;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Moves what the operation's steps say; the last steps' ends are left to commit with the operation's end. */
    WorkDone move(Operation operation, StorageTier to, Fence fence) {
        Optional<Job> found = jobs.findById(operation.job());
        if (found.isEmpty() || found.get().status() == JobStatus.PURGING) {
            return WorkDone.of("job " + operation.job() + (found.isEmpty() ? " no longer exists" : " is being purged"));
        }
        // The plan's write is fenced by the claim: the first copies need not look it up again.
        long claimHeldAt = System.nanoTime();
        if (!steps.plan(fence, to)) {
            throw new ClaimLost(fence, "planning");
        }
        try (MoveBatch.Moves moves = batch.start(found.get(), to, fence,
                new ConsecutiveFailures(maxConsecutiveFailures), claimHeldAt)) {
            ArtifactId after = null;
            for (List<OpenStep> page; !(page = steps.openSteps(operation.id(), after, BATCH)).isEmpty(); ) {
                if (moves.move(page) != null) {
                    // Stopped (failures in a row): the copies under way end, and finish() says why.
                    return moves.finish();
                }
                if (page.size() < BATCH) {
                    // The last page: asking for more would find none.
                    break;
                }
                after = page.getLast().step();
            }
            return moves.finish();
        }
    }

    /** Stops the run unless the runner still holds its claim. */
    static void requireClaim(OperationRepository operations, Fence fence, String when) {
        if (!operations.holds(fence)) {
            throw new ClaimLost(fence, when);
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
