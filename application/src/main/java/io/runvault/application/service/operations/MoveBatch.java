package io.runvault.application.service.operations;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ClaimLost;
import io.runvault.application.CopyNotVerified;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.MoveRecords.Relocation;
import io.runvault.application.port.out.MoveRecords.StepEnd;
import io.runvault.application.port.out.MoveSteps.OpenStep;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * How {@link MoveArtifacts} takes the steps of one run, page by page, each step read with its artifact's row. Each
 * page's copies are queued for a few copiers, each taking the next as soon as its last one ends, from one page to the
 * next; a copier looks the claim up again before its copy once the last look is older than a while. The outcomes go to
 * a recorder working beside the copies: it records a group in one transaction fenced by the claim; only then does it
 * delete the originals of what was recorded in bulk, and it ends those steps with the next group. A runner that lost
 * its claim before recording records nothing and deletes nothing. The copies it made did no harm: destinations
 * follow from the identity and hold the recorded bytes, which is what the runner that took over writes there too.
 */
public final class MoveBatch {
    /**
     * Outcomes per group handed to the recorder: a transaction and a bulk delete each, taken beside the copies. Once
     * every step is handed out, a group is due as soon as it holds as many outcomes as are still to come (and no
     * fewer than a window of copies), so the groups shrink towards the end and little is left to record, delete
     * and end after the last copy.
     */
    static final int GROUP = 100;

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
    public MoveBatch(OperationRepository operations, MoveRecords records, TieredObjects objects, StoragePurge purge,
            boolean deleteOriginals, int parallelism, Duration recheckClaimAfter) {
        if (parallelism < 1 || recheckClaimAfter.isNegative()) {
            throw new IllegalArgumentException("parallelism must be positive, recheckClaimAfter not negative");
        }
        this.recheckClaimAfter = recheckClaimAfter;
        this.operations = operations;
        this.records = records;
        this.objects = objects;
        this.purge = purge;
        this.deleteOriginals = deleteOriginals;
        this.parallelism = parallelism;
    }

    /**
     * The moves of one run of an operation, to be taken page by page, finished, then closed; {@code claimHeldAt}
     * ({@link System#nanoTime}) is when a write fenced by the claim last succeeded, which the first copies rely on.
     */
    Moves start(Job job, StorageTier to, Fence fence, ConsecutiveFailures failures, long claimHeldAt) {
        return new Moves(job, to, fence, failures, claimHeldAt);
    }

    /** The copy of one artifact, or what failed it. */
    private record Copied(Artifact artifact, Relocation relocation, RuntimeException failure) {
    }

    /** An artifact queued for the copiers; {@link #END} tells one copier that nothing more comes. */
    private record Task(Artifact artifact) {
        static final Task END = new Task(null);
    }

    /**
     * Outcomes for the recorder: copies to record (and then settle), steps to end as they are, and artifacts found
     * in the target tier already (recorded by an earlier run that may have stopped before deleting the original).
     */
    private record Group(List<Copied> copied, List<StepEnd> ends, List<Artifact> settled) {
        static Group empty() {
            return new Group(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        int size() {
            return copied.size() + ends.size() + settled.size();
        }
    }

    /** One run's copiers, and the recorder behind them. */
    final class Moves implements AutoCloseable {
        private final Job job;
        private final StorageTier to;
        private final Fence fence;
        private final ConsecutiveFailures failures;
        /**
         * Platform threads, one per copier for the whole run: a copy is a blocking round trip to the store, and a
         * platform thread is woken by the socket itself, where a virtual one waits for the poller and then for a
         * carrier, twice per copy on a busy machine.
         */
        private final ExecutorService pool = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("runvault-move-copier-", 1).daemon(true).factory());
        /** Bounded by a page, so the next page is read while this one's copies go on, and no further ahead. */
        private final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(MoveArtifacts.BATCH);
        private final List<Future<?>> copiers = new ArrayList<>();
        /**
         * A platform thread, as the run's own: its database work never waits for a carrier thread that the copies'
         * virtual threads are busy on.
         */
        private final ExecutorService recording = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("runvault-move-recorder-", 1).daemon(true).factory());
        private final Future<?> recorder;
        /** Guards the outcomes not yet taken by the recorder, and what decides when they are due. */
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition due = lock.newCondition();
        private Group pending = Group.empty();
        /** Copies queued or under way, not yet judged. */
        private int unjudged;
        /** Every step of the run is handed out: groups shrink from here on. */
        private boolean handedOut;
        /** Nothing more comes: the recorder takes what is left and stops. */
        private boolean last;
        private final ReentrantLock claimLookup = new ReentrantLock();
        private volatile long checkedAt;
        private volatile String stop;
        private volatile RuntimeException thrown;
        private boolean finished;
        /** The ends of the steps the recorder settled last, read once it has stopped. */
        private List<StepEnd> lastEnds = List.of();

        private Moves(Job job, StorageTier to, Fence fence, ConsecutiveFailures failures, long claimHeldAt) {
            this.job = job;
            this.to = to;
            this.fence = fence;
            this.failures = failures;
            this.checkedAt = claimHeldAt;
            this.recorder = recording.submit(this::record);
            for (int i = 0; i < parallelism; i++) {
                copiers.add(pool.submit(this::copyAll));
            }
        }

        /**
         * Queues the copies of a page of steps; returns why to stop, or null to go on. Copies still queued or running
         * when it returns go on beside the next page's; the steps not tried before a stop stay open.
         */
        String move(List<OpenStep> steps) {
            for (OpenStep step : steps) {
                Artifact artifact = step.artifact();
                if (artifact == null || !artifact.isStored()) {
                    add(g -> g.ends().add(StepEnd.done(step.step())));
                } else if (artifact.location().tier() == to) {
                    add(g -> g.settled().add(artifact));
                } else {
                    add(g -> unjudged++);
                    put(new Task(artifact));
                }
                if (stop != null) {
                    return stop;
                }
                halted();
            }
            return null;
        }

        /**
         * Waits for the copies still queued or running, hands what is left to the recorder and waits until it has
         * recorded and settled everything; returns why the copies stopped early (failures in a row, which may come
         * after the last page was queued), or null, with the ends of the steps settled last, to be recorded with the
         * operation's end; throws what stopped it ({@link ClaimLost} above all).
         */
        WorkDone finish() {
            add(g -> handedOut = true);
            endCopiers();
            finished = true;
            add(g -> last = true);
            awaitRecorder();
            if (thrown != null) {
                throw thrown;
            }
            List<StepEnd> ends = lastEnds;
            return new WorkDone(stop, () -> recordEnds(ends));
        }

        /**
         * Waits for the copies under way. Unfinished (stopped by a failure), the copiers take nothing more and the
         * recorder records what was handed to it, fenced as ever, and stops.
         */
        @Override
        public void close() {
            if (!finished) {
                if (thrown == null) {
                    thrown = new IllegalStateException("the moves were left unfinished");
                }
                endCopiers();
                add(g -> last = true);
            }
            pool.close();
            recording.close();
        }

        private void endCopiers() {
            for (int i = 0; i < parallelism; i++) {
                put(Task.END);
            }
            for (Future<?> copier : copiers) {
                try {
                    copier.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while moving artifacts", e);
                } catch (ExecutionException e) {
                    // copy() returns every RuntimeException and the rest is caught: only an Error gets here.
                    throw new IllegalStateException("copying an artifact failed", e.getCause());
                }
            }
        }

        private void put(Task task) {
            try {
                queue.put(task);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while moving artifacts", e);
            }
        }

        /** A copier: copies what is queued until told that nothing more comes; after a stop it only drains. */
        private Void copyAll() throws InterruptedException {
            for (Task task = queue.take(); task != Task.END; task = queue.take()) {
                if (stop != null || thrown != null || recorder.isDone()) {
                    continue;
                }
                try {
                    recheckClaim(task.artifact());
                } catch (RuntimeException e) {
                    fail(e);
                    continue;
                }
                judge(copy(job, task.artifact(), to));
            }
            return null;
        }

        /** A runner stalled past its lease starts no further copy once it wakes up. */
        private void recheckClaim(Artifact next) {
            if (System.nanoTime() - checkedAt < recheckClaimAfter.toNanos()) {
                return;
            }
            claimLookup.lock();
            try {
                if (System.nanoTime() - checkedAt >= recheckClaimAfter.toNanos()) {
                    MoveArtifacts.requireClaim(operations, fence, "before moving artifact " + next.id());
                    checkedAt = System.nanoTime();
                }
            } finally {
                claimLookup.unlock();
            }
        }

        private void fail(RuntimeException e) {
            lock.lock();
            try {
                if (thrown == null) {
                    thrown = e;
                }
            } finally {
                lock.unlock();
            }
        }

        /** Outcomes are judged in the order they come in. */
        private void judge(Copied copied) {
            add(g -> {
                unjudged--;
                if (copied.failure() == null) {
                    g.copied().add(copied);
                } else {
                    g.ends().add(StepEnd.failed(copied.artifact().id(), MoveArtifacts.describe(copied.failure())));
                }
                String why = failures.add(copied.failure());
                stop = stop == null ? why : stop;
            });
        }

        private void add(Consumer<Group> outcome) {
            lock.lock();
            try {
                outcome.accept(pending);
                if (isDue()) {
                    due.signal();
                }
            } finally {
                lock.unlock();
            }
        }

        private boolean isDue() {
            int threshold = handedOut ? Math.min(GROUP, Math.max(parallelism, unjudged)) : GROUP;
            return last || pending.size() > 0 && pending.size() >= threshold;
        }

        /** Throws what stopped the copiers or the recorder early: no further copy is queued. */
        private void halted() {
            if (thrown != null) {
                throw thrown;
            }
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

        /**
         * The recorder: takes every outcome that came in since it last looked, as one group, once they are due. The
         * steps a group settled end in the next group's transaction, and the last group's in the one that ends the
         * operation (see {@link #finish}), or in one of their own when a failure stopped the run.
         */
        private Void record() throws InterruptedException {
            List<StepEnd> settledEnds = List.of();
            while (true) {
                Group taken;
                boolean end;
                boolean leftToFinish;
                lock.lock();
                try {
                    while (!isDue()) {
                        due.await();
                    }
                    taken = pending;
                    pending = Group.empty();
                    end = last;
                    leftToFinish = finished;
                } finally {
                    lock.unlock();
                }
                var relocations = new ArrayList<Relocation>();
                var settled = new ArrayList<>(taken.settled());
                Map<ArtifactId, Artifact> copiedArtifacts = new HashMap<>();
                taken.copied().forEach(c -> {
                    relocations.add(c.relocation());
                    copiedArtifacts.put(c.artifact().id(), c.artifact());
                });
                var ends = new ArrayList<>(taken.ends());
                ends.addAll(settledEnds);
                if (!relocations.isEmpty() || !ends.isEmpty()) {
                    Set<ArtifactId> relocated = records.record(fence, relocations, ends)
                            .orElseThrow(() -> new ClaimLost(fence, "recording moves of artifacts from "
                                    + (relocations.isEmpty() ? ends.getFirst().artifact()
                                    : relocations.getFirst().artifact())));
                    relocated.forEach(id -> settled.add(copiedArtifacts.get(id)));
                }
                settledEnds = settle(settled);
                if (end) {
                    // A run that finishes records them with the operation's end; one stopped by a failure, now.
                    if (leftToFinish) {
                        lastEnds = settledEnds;
                    } else {
                        recordEnds(settledEnds);
                    }
                    return null;
                }
            }
        }

        private void recordEnds(List<StepEnd> ends) {
            if (!ends.isEmpty() && records.record(fence, List.of(), ends).isEmpty()) {
                throw new ClaimLost(fence, "recording the end of moves of artifacts from "
                        + ends.getFirst().artifact());
            }
        }

        /**
         * Deletes the originals of artifacts recorded in the target tier, under this runner's claim or an earlier
         * one (a restore keeps the archived copy), and returns how their steps end. Should the run stop before those
         * ends are recorded, the steps stay open and a later run, finding the artifacts in the target tier already,
         * deletes the originals then.
         */
        private List<StepEnd> settle(List<Artifact> settled) {
            if (settled.isEmpty()) {
                return List.of();
            }
            if (to == StorageTier.ARCHIVE && deleteOriginals) {
                try {
                    purge.deleteAll(StorageTier.PRIMARY, settled.stream().map(Artifact::key).toList());
                } catch (RuntimeException e) {
                    String why = "archived; the original is still to be deleted: " + MoveArtifacts.describe(e);
                    return settled.stream().map(artifact -> StepEnd.failed(artifact.id(), why)).toList();
                }
            }
            return settled.stream().map(artifact -> StepEnd.done(artifact.id())).toList();
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
