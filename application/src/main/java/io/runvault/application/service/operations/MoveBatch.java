package io.runvault.application.service.operations;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ClaimLost;
import io.runvault.application.CopyNotVerified;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.MoveRecords.Relocation;
import io.runvault.application.port.out.MoveRecords.StepEnd;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.application.service.operations.MoveArtifacts.ConsecutiveFailures;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How {@link MoveArtifacts} takes one batch of steps. The claim is checked before the store is touched and the
 * batch's rows are read at once; the copies go a few at a time, started while the claim was lately found held; what
 * they did is recorded in one transaction fenced by the claim ({@link #move}); only then are the originals of what
 * was recorded deleted in bulk, and those steps ended ({@link #settle}). A runner that lost its claim before
 * recording records nothing and deletes nothing.
 * The copies it made did no harm: destinations follow from the identity and hold the recorded bytes, which is what
 * the runner that took over writes there too.
 */
public final class MoveBatch {
    private final ArtifactRepository artifacts;
    private final OperationRepository operations;
    private final MoveRecords records;
    private final TieredObjects objects;
    private final StoragePurge purge;
    private final boolean deleteOriginals;
    private final int parallelism;
    private final Duration recheckClaimAfter;

    /**
     * @param parallelism       artifacts copied at the same time: each copy is a round trip to the store, so a few at
     *                          once cut an operation's time without loading the store much
     * @param recheckClaimAfter how long a claim found held is relied on for starting copies before it is looked up
     *                          again: well within the lease, so a runner that stalled past it finds out before its next
     *                          copy, and short of once per copy, which would cost a query per artifact
     */
    public MoveBatch(ArtifactRepository artifacts, OperationRepository operations, MoveRecords records,
            TieredObjects objects, StoragePurge purge, boolean deleteOriginals, int parallelism,
            Duration recheckClaimAfter) {
        if (parallelism < 1 || recheckClaimAfter.isNegative()) {
            throw new IllegalArgumentException("parallelism must be positive, recheckClaimAfter not negative");
        }
        this.recheckClaimAfter = recheckClaimAfter;
        this.artifacts = artifacts;
        this.operations = operations;
        this.records = records;
        this.objects = objects;
        this.purge = purge;
        this.deleteOriginals = deleteOriginals;
        this.parallelism = parallelism;
    }

    /**
     * What {@link #move} did: why to stop (null to go on; the steps not tried before a stop stay open), and the
     * artifacts recorded in the target tier whose steps are for {@link #settle} to end.
     */
    record Moved(String stop, List<Artifact> settled) {
    }

    /** Copies the batch's artifacts and records where they are now, leaving their originals to {@link #settle}. */
    Moved move(Job job, List<ArtifactId> steps, StorageTier to, Fence fence, ConsecutiveFailures failures) {
        MoveArtifacts.requireClaim(operations, fence, "before moving artifacts from " + steps.getFirst());
        long checkedAt = System.nanoTime();
        Map<ArtifactId, Artifact> rows = new HashMap<>();
        artifacts.findAll(steps).forEach(artifact -> rows.put(artifact.id(), artifact));
        var relocations = new ArrayList<Relocation>();
        var ends = new ArrayList<StepEnd>();
        // Artifacts in the target tier once this batch is recorded: their originals go, then their steps end.
        var settled = new ArrayList<Artifact>();
        String stop = null;
        // A sliding window: a new copy starts as soon as any copy ends, so the slowest of a group never holds the
        // others back; outcomes are judged in the order they come in.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new ExecutorCompletionService<Copied>(pool);
            int inFlight = 0;
            for (ArtifactId step : steps) {
                Artifact artifact = rows.get(step);
                if (artifact == null || !artifact.isStored()) {
                    ends.add(StepEnd.done(step));
                } else if (artifact.location().tier() == to) {
                    // Recorded by an earlier run that may have stopped before deleting the original.
                    settled.add(artifact);
                } else {
                    if (inFlight == parallelism) {
                        inFlight--;
                        stop = judge(running.take(), relocations, ends, failures);
                        if (stop != null) {
                            break;
                        }
                        // A runner stalled past its lease starts no further copy once it wakes up.
                        if (System.nanoTime() - checkedAt >= recheckClaimAfter.toNanos()) {
                            MoveArtifacts.requireClaim(operations, fence, "before moving artifact " + step);
                            checkedAt = System.nanoTime();
                        }
                    }
                    running.submit(() -> copy(job, artifact, to));
                    inFlight++;
                }
            }
            for (; inFlight > 0; inFlight--) {
                String last = judge(running.take(), relocations, ends, failures);
                stop = stop == null ? last : stop;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving artifacts", e);
        }
        Set<ArtifactId> relocated = records.record(fence, relocations, ends)
                .orElseThrow(() -> new ClaimLost(fence, "recording moves of artifacts from " + steps.getFirst()));
        relocated.forEach(id -> settled.add(rows.get(id)));
        return new Moved(stop, settled);
    }

    /** The copy of one artifact, or what failed it. */
    private record Copied(Artifact artifact, Relocation relocation, RuntimeException failure) {
    }

    private Copied copy(Job job, Artifact artifact, StorageTier to) {
        StorageLocation target = to == StorageTier.ARCHIVE
                ? StorageLocation.archive(job.prefix().archiveKeyFor(artifact.key()))
                : StorageLocation.primary(artifact.key());
        try {
            StoredObject copy;
            try {
                copy = objects.copyArtifact(artifact, target);
            } catch (ArtifactAlreadyExists e) {
                // A create-only copy found an earlier attempt's copy, or the original a restore goes back to, or
                // something else entirely: only the artifact's own bytes may be recorded as its location.
                copy = objects.head(target)
                        .orElseThrow(() -> new IllegalStateException("no object at " + target + " right after "
                                + "finding one there"));
                if (copy.size() != artifact.size() || !copy.sha256().equals(artifact.checksum())) {
                    throw new CopyNotVerified(artifact, target, copy);
                }
            }
            return new Copied(artifact, new Relocation(artifact.id(), artifact.location(), target, copy.tag()), null);
        } catch (RuntimeException e) {
            return new Copied(artifact, null, e);
        }
    }

    private static String judge(Future<Copied> done, List<Relocation> relocations, List<StepEnd> ends,
            ConsecutiveFailures failures) {
        Copied copied;
        try {
            copied = done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving artifacts", e);
        } catch (ExecutionException e) {
            // copy() returns every RuntimeException: only an Error gets here.
            throw new IllegalStateException("copying an artifact failed", e.getCause());
        }
        if (copied.failure() == null) {
            relocations.add(copied.relocation());
        } else {
            ends.add(StepEnd.failed(copied.artifact().id(), MoveArtifacts.describe(copied.failure())));
        }
        return failures.add(copied.failure());
    }

    /**
     * Only for artifacts recorded in the target tier, under this runner's claim or an earlier one; a restore keeps
     * the archived copy. Should this stop before the steps end, they stay open and a later run, finding the artifacts
     * in the target tier already, deletes the originals then.
     */
    void settle(List<Artifact> settled, StorageTier to, Fence fence) {
        if (settled.isEmpty()) {
            return;
        }
        List<StepEnd> ends;
        if (to == StorageTier.ARCHIVE && deleteOriginals) {
            try {
                purge.deleteAll(StorageTier.PRIMARY, settled.stream().map(Artifact::key).toList());
                ends = settled.stream().map(artifact -> StepEnd.done(artifact.id())).toList();
            } catch (RuntimeException e) {
                String why = "archived; the original is still to be deleted: " + MoveArtifacts.describe(e);
                ends = settled.stream().map(artifact -> StepEnd.failed(artifact.id(), why)).toList();
            }
        } else {
            ends = settled.stream().map(artifact -> StepEnd.done(artifact.id())).toList();
        }
        if (records.record(fence, List.of(), ends).isEmpty()) {
            throw new ClaimLost(fence, "recording the end of moves of artifacts from " + settled.getFirst().id());
        }
    }
}
