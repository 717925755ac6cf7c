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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * How {@link MoveArtifacts} takes the steps of one run, page by page. The claim is checked before the store is
 * touched and each page's rows are read at once; the copies go a few at a time, started while the claim was lately
 * found held, and a new one starts as soon as any ends, from one page to the next. Their outcomes go, a group at a
 * time, to a recorder working beside the copies: it records a group in one transaction fenced by the claim; only
 * then does it delete the originals of what was recorded in bulk, and end those steps. A runner that lost its claim
 * before recording records nothing and deletes nothing. The copies it made did no harm: destinations follow from the
 * identity and hold the recorded bytes, which is what the runner that took over writes there too.
 */
public final class MoveBatch {
    /**
     * Outcomes per group handed to the recorder: a transaction and a bulk delete each, taken beside the copies; the
     * last group of a run is whatever is left, and is all the run waits for once its copies are done.
     */
    static final int GROUP = 100;

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

    /** The moves of one run of an operation, to be taken page by page, finished, then closed. */
    Moves start(Job job, StorageTier to, Fence fence, ConsecutiveFailures failures) {
        return new Moves(job, to, fence, failures);
    }

    /** The copy of one artifact, or what failed it. */
    private record Copied(Artifact artifact, Relocation relocation, RuntimeException failure) {
    }

    /**
     * Outcomes for the recorder: copies to record (and then settle), steps to end as they are, and artifacts found
     * in the target tier already (recorded by an earlier run that may have stopped before deleting the original).
     */
    private record Group(List<Copied> copied, List<StepEnd> ends, List<Artifact> settled, boolean last) {
        static Group empty() {
            return new Group(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), false);
        }

        int size() {
            return copied.size() + ends.size() + settled.size();
        }
    }

    /** One run's copy window, and the recorder behind it. */
    final class Moves implements AutoCloseable {
        private final Job job;
        private final StorageTier to;
        private final Fence fence;
        private final ConsecutiveFailures failures;
        private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        private final ExecutorCompletionService<Copied> running = new ExecutorCompletionService<>(pool);
        /**
         * A platform thread, as the run's own: its database work never waits for a carrier thread that the copies'
         * virtual threads are busy on.
         */
        private final ExecutorService recording = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("runvault-move-recorder-", 1).daemon(true).factory());
        private final BlockingQueue<Group> groups = new LinkedBlockingQueue<>();
        private final Future<?> recorder;
        private Group group = Group.empty();
        private int inFlight;
        private long checkedAt;
        private String stop;
        private boolean finished;

        private Moves(Job job, StorageTier to, Fence fence, ConsecutiveFailures failures) {
            this.job = job;
            this.to = to;
            this.fence = fence;
            this.failures = failures;
            this.recorder = recording.submit(this::record);
        }

        /**
         * Starts the copies of a page of steps; returns why to stop, or null to go on. Copies still running when it
         * returns go on beside the next page's; the steps not tried before a stop stay open.
         */
        String move(List<ArtifactId> steps) {
            MoveArtifacts.requireClaim(operations, fence, "before moving artifacts from " + steps.getFirst());
            checkedAt = System.nanoTime();
            Map<ArtifactId, Artifact> rows = new HashMap<>();
            artifacts.findAll(steps).forEach(artifact -> rows.put(artifact.id(), artifact));
            // A sliding window: a new copy starts as soon as any copy ends, so the slowest of a group never holds
            // the others back; outcomes are judged in the order they come in.
            for (ArtifactId step : steps) {
                Artifact artifact = rows.get(step);
                if (artifact == null || !artifact.isStored()) {
                    add(g -> g.ends().add(StepEnd.done(step)));
                } else if (artifact.location().tier() == to) {
                    add(g -> g.settled().add(artifact));
                } else {
                    if (inFlight == parallelism) {
                        judge(take());
                        if (stop != null) {
                            return stop;
                        }
                        // A runner stalled past its lease starts no further copy once it wakes up.
                        if (System.nanoTime() - checkedAt >= recheckClaimAfter.toNanos()) {
                            MoveArtifacts.requireClaim(operations, fence, "before moving artifact " + step);
                            checkedAt = System.nanoTime();
                        }
                    }
                    recorderFailed();
                    running.submit(() -> copy(job, artifact, to));
                    inFlight++;
                }
            }
            return null;
        }

        /**
         * Judges the copies still running, hands what is left to the recorder and waits until it has recorded,
         * settled and ended everything; throws what stopped it ({@link ClaimLost} above all).
         */
        void finish() {
            while (inFlight > 0) {
                judge(take());
            }
            finished = true;
            groups.add(new Group(group.copied(), group.ends(), group.settled(), true));
            group = Group.empty();
            awaitRecorder();
        }

        /**
         * Waits for the copies still running. Unfinished (the copies stopped by a failure), the recorder records what
         * was handed to it, fenced as ever, and stops.
         */
        @Override
        public void close() {
            if (!finished) {
                groups.add(new Group(List.of(), List.of(), List.of(), true));
            }
            pool.close();
            recording.close();
        }

        private void add(Consumer<Group> outcome) {
            outcome.accept(group);
            if (group.size() >= GROUP) {
                groups.add(group);
                group = Group.empty();
            }
        }

        private Future<Copied> take() {
            inFlight--;
            try {
                return running.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while moving artifacts", e);
            }
        }

        private void judge(Future<Copied> done) {
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
                add(g -> g.copied().add(copied));
            } else {
                add(g -> g.ends().add(StepEnd.failed(copied.artifact().id(),
                        MoveArtifacts.describe(copied.failure()))));
            }
            String why = failures.add(copied.failure());
            stop = stop == null ? why : stop;
        }

        /** A recorder that stopped before the last group failed: no further copy starts. */
        private void recorderFailed() {
            if (recorder.isDone()) {
                awaitRecorder();
                throw new IllegalStateException("the recorder of moves stopped early");
            }
        }

        private void awaitRecorder() {
            try {
                recorder.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while recording moves", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure
                        : new IllegalStateException("recording moves failed", e.getCause());
            }
        }

        /** The recorder: takes every group handed over since it last looked, as one. */
        private Void record() throws InterruptedException {
            while (true) {
                List<Group> taken = new ArrayList<>();
                taken.add(groups.take());
                groups.drainTo(taken);
                var relocations = new ArrayList<Relocation>();
                var ends = new ArrayList<StepEnd>();
                var settled = new ArrayList<Artifact>();
                Map<ArtifactId, Artifact> copiedArtifacts = new HashMap<>();
                boolean last = false;
                for (Group g : taken) {
                    g.copied().forEach(c -> {
                        relocations.add(c.relocation());
                        copiedArtifacts.put(c.artifact().id(), c.artifact());
                    });
                    ends.addAll(g.ends());
                    settled.addAll(g.settled());
                    last |= g.last();
                }
                if (!relocations.isEmpty() || !ends.isEmpty()) {
                    Set<ArtifactId> relocated = records.record(fence, relocations, ends)
                            .orElseThrow(() -> new ClaimLost(fence, "recording moves of artifacts from "
                                    + (relocations.isEmpty() ? ends.getFirst().artifact()
                                    : relocations.getFirst().artifact())));
                    relocated.forEach(id -> settled.add(copiedArtifacts.get(id)));
                }
                settle(settled);
                if (last) {
                    return null;
                }
            }
        }

        /**
         * Only for artifacts recorded in the target tier, under this runner's claim or an earlier one; a restore
         * keeps the archived copy. Should this stop before the steps end, they stay open and a later run, finding the
         * artifacts in the target tier already, deletes the originals then.
         */
        private void settle(List<Artifact> settled) {
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
                throw new ClaimLost(fence, "recording the end of moves of artifacts from "
                        + settled.getFirst().id());
            }
        }
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
}
