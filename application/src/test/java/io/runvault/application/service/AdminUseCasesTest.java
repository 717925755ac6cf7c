package io.runvault.application.service;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.operations.ArchiveJob;
import io.runvault.application.service.operations.MoveArtifacts;
import io.runvault.application.service.operations.MoveBatch;
import io.runvault.application.service.operations.OperationEnds;
import io.runvault.application.service.operations.PurgeJob;
import io.runvault.application.service.operations.RestoreJob;
import io.runvault.application.service.operations.RunOperation;
import io.runvault.application.service.operations.StartOperation;
import io.runvault.application.service.operations.VerifyArtifacts;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ClaimLost;
import java.util.concurrent.atomic.AtomicBoolean;
import io.runvault.application.StorageUnavailable;
import io.runvault.application.JobBeingPurged;
import io.runvault.application.JobPurged;
import io.runvault.application.fakes.InMemoryArtifactRepository;
import io.runvault.application.fakes.InMemoryArtifactStorage;
import io.runvault.application.fakes.InMemoryAuditLog;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryMoveRecords;
import io.runvault.application.fakes.InMemoryMoveSteps;
import io.runvault.application.fakes.InMemoryOperationRepository;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.application.fakes.InMemoryUnitOfWork;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunnerId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import io.runvault.domain.Tags;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Consumer;
import io.runvault.application.port.in.operations.GetOperationUseCase;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.service.operations.GetOperation;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Archive, restore and purge on the fakes: the step logic, without the background runner. */
class AdminUseCasesTest {
    private static final AccessPolicy POLICY = new AccessPolicy(false);
    private static final Principal ADMIN = Principal.admin("admin");

    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryRunRepository runs = new InMemoryRunRepository(jobs);
    private final InMemoryArtifactRepository artifacts = new InMemoryArtifactRepository();
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();
    private final InMemoryOperationRepository operations = new InMemoryOperationRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final OperationEnds ends = new OperationEnds();
    private final List<OperationId> scheduled = new ArrayList<>();
    private final GetJob getJob = new GetJob(jobs, POLICY);
    private final StartOperation start = new StartOperation(getJob, jobs, operations, scheduled::add, POLICY);
    private final MoveArtifacts moves = new MoveArtifacts(jobs, new InMemoryMoveSteps(artifacts, operations),
            new MoveBatch(operations, new InMemoryMoveRecords(artifacts, operations), storage, storage, true, 2,
            Duration.ofSeconds(15)), 3);
    private final RunOperation run = new RunOperation(operations, new ArchiveJob(moves), new RestoreJob(moves),
            new PurgeJob(jobs, operations, storage, storage),
            verifier(), audit, new InMemoryUnitOfWork(),
            ends, new RunnerId("here"), Duration.ofMinutes(1));

    {
        artifacts.fencedBy(operations::holds);
    }

    private Job job;
    private final List<Artifact> stored = new ArrayList<>();

    private void seed(int count) {
        job = jobs.insert(new NewJob(new Owner("o"), Tags.none(), Instant.parse("2026-05-06T07:08:09Z")));
        RunId runId = runs.insertAll(job.id(), List.of(new RunConfig("{}")), Instant.now()).getFirst().id();
        for (int i = 0; i < count; i++) {
            var identity = ArtifactIdentity.runResults(job.id(), runId, new Stage("s" + i));
            Artifact reserved = artifacts.reserve(identity, job.prefix().keyFor(identity));
            byte[] body = ("body " + i).getBytes();
            StoredObject object = storage.putIfAbsent(reserved.key(), new ByteArrayInputStream(body),
                    DeclaredLength.of(body.length));
            stored.add(artifacts.markStored(reserved.id(), object.size(), object.sha256()));
        }
    }

    private Operation startAndRun(OperationKind kind) {
        Operation operation = start.start(kind, job.id(), ADMIN);
        assertEquals(operation.id(), scheduled.getLast());
        return run.run(operation.id());
    }

    @Test
    void anOperationAnotherServerRunsIsLeftAloneAndTakenOnceItLetsGo() {
        seed(3);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        RunnerId elsewhere = new RunnerId("elsewhere");
        assertTrue(operations.claim(new Fence(operation.id(), elsewhere), Duration.ofMinutes(1)));

        Operation untouched = run.run(operation.id());

        assertEquals(OperationState.RUNNING, untouched.state());
        assertEquals(0, untouched.done());
        assertTrue(stored.stream().allMatch(artifact -> storage.head(artifact.key()).isPresent()), "nothing moved");
        assertTrue(run.renewClaim(operation.id()), "not running here: no claim of ours was lost");
        assertEquals(elsewhere, operations.findById(operation.id()).orElseThrow().claim().runner(),
                "and renewing took nothing");

        operations.release(operation.id(), elsewhere);
        Operation archived = run.run(operation.id());

        assertEquals(OperationState.SUCCEEDED, archived.state());
        assertEquals(3, archived.done());
        assertEquals(List.of(), operations.running(), "and let go of when done");
    }

    @Test
    void archiveMovesEveryStoredArtifactAndRestoreBringsItBack() {
        seed(5);

        Operation archived = startAndRun(OperationKind.ARCHIVE);

        assertEquals(OperationState.SUCCEEDED, archived.state());
        assertEquals(5, archived.done());
        for (Artifact artifact : stored) {
            Artifact now = artifacts.findById(artifact.id()).orElseThrow();
            assertEquals(StorageLocation.archive(job.prefix().archiveKeyFor(artifact.key())), now.location());
            assertEquals(artifact.checksum(), storage.head(now.location()).orElseThrow().sha256());
            assertTrue(storage.head(artifact.key()).isEmpty(), "original deleted");
        }

        Operation restored = startAndRun(OperationKind.RESTORE);

        assertEquals(OperationState.SUCCEEDED, restored.state());
        for (Artifact artifact : stored) {
            assertEquals(StorageLocation.primary(artifact.key()), artifacts.findById(artifact.id()).orElseThrow()
                    .location());
            assertEquals(artifact.checksum(), storage.head(artifact.key()).orElseThrow().sha256());
        }
        assertTrue(audit.list(PageRequest.first(10)).items().getFirst().outcome().equals("SUCCEEDED"));
    }

    @Test
    void anObjectLeftAtAnArchiveKeyIsReplacedByTheArtifactsOwnBytes() {
        seed(2);
        Artifact victim = stored.getFirst();
        var archiveKey = StorageLocation.archive(job.prefix().archiveKeyFor(victim.key()));
        storage.putIfAbsent(StorageLocation.primary(archiveKey.key()).key(), new ByteArrayInputStream(new byte[1]),
                DeclaredLength.of(1));
        storage.copy(StorageLocation.primary(archiveKey.key()), archiveKey);

        Operation archived = startAndRun(OperationKind.ARCHIVE);

        assertEquals(OperationState.SUCCEEDED, archived.state());
        assertEquals(2, archived.done());
        assertEquals(archiveKey, artifacts.findById(victim.id()).orElseThrow().location());
        assertEquals(victim.checksum(), storage.head(archiveKey).orElseThrow().sha256());
        assertTrue(storage.head(victim.key()).isEmpty(), "original deleted once its copy was recorded");
    }

    @Test
    void anOriginalThatChangedOrVanishedFailsItsOwnStepOnlyAndKeepsItsRow() {
        seed(5);
        Artifact changed = stored.get(1);
        Artifact vanished = stored.get(3);
        storage.delete(changed.key());
        storage.putIfAbsent(changed.key(), new ByteArrayInputStream(new byte[] {1, 2, 3}), DeclaredLength.of(3));
        storage.delete(vanished.key());

        Operation archived = startAndRun(OperationKind.ARCHIVE);

        assertEquals(OperationState.FAILED, archived.state());
        assertEquals(3, archived.done());
        assertEquals(2, archived.failed());
        for (Artifact artifact : stored) {
            Artifact now = artifacts.findById(artifact.id()).orElseThrow();
            boolean failed = artifact.equals(changed) || artifact.equals(vanished);
            assertEquals(failed ? StorageTier.PRIMARY : StorageTier.ARCHIVE, now.location().tier(), now::toString);
            assertEquals(failed ? Optional.empty() : Optional.of(artifact.checksum()),
                    storage.head(StorageLocation.archive(job.prefix().archiveKeyFor(artifact.key())))
                            .map(StoredObject::sha256));
        }
        assertTrue(storage.head(changed.key()).isPresent(), "what is at the changed one's key stays");
    }

    @Test
    void aRunnerWhoseClaimIsTakenOverInTheMiddleOfABatchRecordsNothingAndDeletesNothing() {
        seed(6);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        RunnerId taker = new RunnerId("taker");
        AtomicInteger copies = new AtomicInteger();
        TieredObjects stalling = copyingAfter(copy -> {
            copies.set(copy);
            if (copy == 3) {
                // This runner stalled past its lease, and another took the operation over meanwhile.
                operations.release(operation.id(), new RunnerId("here"));
                assertTrue(operations.claim(new Fence(operation.id(), taker), Duration.ofMinutes(1)));
            }
        });
        // Still relying on the claim it found held when the batch began, so only the recording can stop it.
        var batch = new MoveBatch(operations, new InMemoryMoveRecords(artifacts, operations), stalling,
                storage, true, 2, Duration.ofMinutes(1));
        RunOperation stalled = runnerOf(batch);

        assertThrows(ClaimLost.class, () -> stalled.run(operation.id()));

        // Copies after the takeover either went on harmlessly (the same bytes to the same keys) or stopped once a
        // recording found the claim gone: groups are recorded beside the copies, so which one comes first varies.
        assertTrue(copies.get() >= 3 && copies.get() <= 6, "copies made: " + copies.get());

        Operation now = operations.findById(operation.id()).orElseThrow();
        assertEquals(OperationState.RUNNING, now.state());
        assertEquals(0, now.done());
        assertEquals(0, now.failed());
        for (Artifact artifact : stored) {
            assertEquals(StorageTier.PRIMARY, artifacts.findById(artifact.id()).orElseThrow().location().tier());
            assertTrue(storage.head(artifact.key()).isPresent(), "no original deleted");
        }
        operations.release(operation.id(), taker);
        assertEquals(OperationState.SUCCEEDED, run.run(operation.id()).state(), "the next runner finishes it");
        assertTrue(stored.stream().allMatch(artifact -> storage.head(artifact.key()).isEmpty()));
    }

    @Test
    void aJobOfSeveralPagesIsArchivedWholeEachOriginalDeletedOnlyOnceItsCopyIsRecorded() {
        seed(1_100);
        List<StorageKey> deletedUnrecorded = new CopyOnWriteArrayList<>();
        AtomicInteger bulkDeletes = new AtomicInteger();
        CountDownLatch firstDeleted = new CountDownLatch(1);
        StoragePurge checking = purgeSeeing(keys -> {
            bulkDeletes.incrementAndGet();
            firstDeleted.countDown();
            Set<StorageKey> deleting = new HashSet<>(keys);
            stored.stream().filter(artifact -> deleting.contains(artifact.key()))
                    .filter(artifact -> artifacts.findById(artifact.id()).orElseThrow().location().tier()
                            != StorageTier.ARCHIVE)
                    .forEach(artifact -> deletedUnrecorded.add(artifact.key()));
        });
        // Copies past a group's worth wait for the first bulk delete, so it comes while they go on however slow
        // the recorder is to wake.
        TieredObjects heldForTheFirstDelete = copyingAfter(copy -> {
            if (copy > 100) {
                awaitUninterruptibly(firstDeleted);
            }
        });
        RunOperation runner = runnerOf(new MoveBatch(operations, new InMemoryMoveRecords(artifacts, operations),
                heldForTheFirstDelete, checking, true, 2, Duration.ofSeconds(15)));

        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        Operation archived = runner.run(operation.id());

        assertEquals(OperationState.SUCCEEDED, archived.state());
        assertEquals(1_100, archived.done());
        // Groups of a hundred until every step is handed out, then a tail of groups that halve down to two.
        assertTrue(bulkDeletes.get() > 1 && bulkDeletes.get() <= 1_100 / 100 + 7, "deleted in bulk, group by "
                + "group, while the copies went on: " + bulkDeletes.get());
        assertEquals(List.of(), deletedUnrecorded, "no original deleted before its copy was recorded");
        for (Artifact artifact : stored) {
            assertEquals(StorageTier.ARCHIVE, artifacts.findById(artifact.id()).orElseThrow().location().tier());
            assertTrue(storage.head(artifact.key()).isEmpty(), "original deleted");
        }
    }

    @Test
    void onceEveryStepIsHandedOutGroupsShrinkSoLittleIsLeftToRecordAndDeleteAfterTheLastCopy() throws Exception {
        seed(10);
        Semaphore gate = new Semaphore(0);
        TieredObjects gated = copyingAfter(copy -> gate.acquireUninterruptibly());
        List<Integer> bulkDeletes = new CopyOnWriteArrayList<>();
        RunOperation runner = runnerOf(new MoveBatch(operations, new InMemoryMoveRecords(artifacts, operations), gated,
                purgeSeeing(keys -> bulkDeletes.add(keys.size())), true, 4, Duration.ofMinutes(1)));
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        CompletableFuture<Operation> archived = CompletableFuture.supplyAsync(() -> runner.run(operation.id()));

        // Half the copies done, the rest held: as many outcomes as are still to come are recorded and deleted now.
        gate.release(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> bulkDeletes.size() == 1);
        gate.release(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> bulkDeletes.size() == 2);
        gate.release(1);

        assertEquals(OperationState.SUCCEEDED, archived.get(10, TimeUnit.SECONDS).state());
        assertEquals(List.of(5, 4, 1), bulkDeletes, "after the last copy, only its own original was left to delete");
        for (Artifact artifact : stored) {
            assertEquals(StorageTier.ARCHIVE, artifacts.findById(artifact.id()).orElseThrow().location().tier());
            assertTrue(storage.head(artifact.key()).isEmpty(), "original deleted");
        }
    }

    @Test
    void aRunnerWhoseClaimIsTakenOverWhileItsCopiesGoOnRecordsNothingAndDeletesNothing() {
        seed(350);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        RunnerId taker = new RunnerId("taker");
        AtomicInteger deletes = new AtomicInteger();
        // The first group's recording comes while the copies of the next ones go on.
        MoveRecords takenOverFirst = takenOver(operation, taker, (call, relocations, ends) -> call == 1);
        RunOperation runner = runnerOf(new MoveBatch(operations, takenOverFirst, storage,
                purgeSeeing(keys -> deletes.incrementAndGet()), true, 2, Duration.ofMinutes(1)));

        assertThrows(ClaimLost.class, () -> runner.run(operation.id()));

        assertEquals(0, deletes.get(), "no original deleted");
        Operation now = operations.findById(operation.id()).orElseThrow();
        assertEquals(OperationState.RUNNING, now.state());
        assertEquals(taker, now.claim().runner());
        assertEquals(0, now.done());
        assertEquals(0, now.failed());
        for (Artifact artifact : stored) {
            assertEquals(StorageTier.PRIMARY, artifacts.findById(artifact.id()).orElseThrow().location().tier());
            assertTrue(storage.head(artifact.key()).isPresent(), "original kept");
        }
    }

    @Test
    void aRunnerTakenOverAfterDeletingOriginalsButBeforeEndingTheirStepsLeavesThemForTheNextRunnerToEnd() {
        seed(150);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        RunnerId taker = new RunnerId("taker");
        AtomicInteger deletes = new AtomicInteger();
        // The second transaction is the one that would end the steps of the originals the first group deleted.
        CountDownLatch firstRecorded = new CountDownLatch(1);
        MoveRecords takenOverSecond = takenOver(operation, taker, (call, relocations, ends) -> {
            firstRecorded.countDown();
            return call == 2;
        });
        // The copies past a group's worth wait for the first recording: a recorder slow to wake would otherwise
        // find every copy done and record them all at once, leaving no second group to carry those steps' ends.
        TieredObjects firstGroupFirst = copyingAfter(copy -> {
            if (copy > 100) {
                awaitUninterruptibly(firstRecorded);
            }
        });
        RunOperation runner = runnerOf(new MoveBatch(operations, takenOverSecond, firstGroupFirst,
                purgeSeeing(keys -> deletes.incrementAndGet()), true, 2, Duration.ofMinutes(1)));

        assertThrows(ClaimLost.class, () -> runner.run(operation.id()));

        assertEquals(1, deletes.get(), "the first group's originals went once it was recorded");
        Operation stopped = operations.findById(operation.id()).orElseThrow();
        assertEquals(0, stopped.done(), "no step ended under a claim that was gone");
        assertEquals(0, stopped.failed());
        long archived = stored.stream().filter(artifact -> artifacts.findById(artifact.id()).orElseThrow()
                .location().tier() == StorageTier.ARCHIVE).count();
        assertTrue(archived > 0 && archived < 150, "archived before the takeover: " + archived);

        operations.release(operation.id(), taker);
        Operation finished = run.run(operation.id());
        assertEquals(OperationState.SUCCEEDED, finished.state(), () -> finished.failures().toString());
        assertEquals(150, finished.done());
        for (Artifact artifact : stored) {
            assertEquals(StorageTier.ARCHIVE, artifacts.findById(artifact.id()).orElseThrow().location().tier());
            assertTrue(storage.head(artifact.key()).isEmpty(), "original deleted");
        }
    }

    @Test
    void aRunnerTakenOverJustBeforeItsEndLeavesTheLastStepsAndTheEndToTheNextRunner() {
        seed(150);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        RunnerId taker = new RunnerId("taker");
        // Nothing more to move, only the last steps to end: the write that goes with the operation's end.
        MoveRecords takenAtTheEnd = takenOver(operation, taker,
                (call, relocations, ends) -> relocations.isEmpty() && !ends.isEmpty());
        RunOperation runner = runnerOf(new MoveBatch(operations, takenAtTheEnd, storage, purgeSeeing(keys -> { }),
                true, 2, Duration.ofMinutes(1)));

        assertThrows(ClaimLost.class, () -> runner.run(operation.id()));

        Operation stopped = operations.findById(operation.id()).orElseThrow();
        assertEquals(OperationState.RUNNING, stopped.state(), "ended under a claim that was gone");
        assertEquals(taker, stopped.claim().runner());
        assertTrue(stopped.done() < 150, "the last steps ended under a claim that was gone: " + stopped.done());
        for (Artifact artifact : stored) {
            assertEquals(StorageTier.ARCHIVE, artifacts.findById(artifact.id()).orElseThrow().location().tier());
        }

        operations.release(operation.id(), taker);
        Operation finished = run.run(operation.id());
        assertEquals(OperationState.SUCCEEDED, finished.state(), () -> finished.failures().toString());
        assertEquals(150, finished.done());
        for (Artifact artifact : stored) {
            assertTrue(storage.head(artifact.key()).isEmpty(), "original deleted");
        }
    }

    @Test
    void aVerifyOfSeveralPagesLooksAtEveryArtifactAndRecordsEachDriftOnce() {
        seed(450);
        // Behind Runvault's back, on the first, second and third page of steps.
        Artifact replaced = stored.get(10);
        byte[] other = "other bytes".getBytes();
        storage.delete(replaced.key());
        storage.putIfAbsent(replaced.key(), new ByteArrayInputStream(other), DeclaredLength.of(other.length));
        storage.delete(stored.get(250).key());
        storage.delete(stored.get(449).key());

        Operation verified = startAndRun(OperationKind.VERIFY);

        assertEquals(OperationState.FAILED, verified.state());
        assertEquals(450, verified.total());
        assertEquals(447, verified.done());
        assertEquals(3, verified.failed());
        List<String> drifts = audit.list(PageRequest.first(100)).items().stream()
                .filter(entry -> entry.action().equals("VERIFY drift")).map(AuditEntry::target).sorted().toList();
        assertEquals(List.of(replaced.id(), stored.get(250).id(), stored.get(449).id()).stream()
                .map(id -> "job " + job.id() + " operation " + verified.id() + " artifact " + id).sorted().toList(),
                drifts);
    }

    @Test
    void aVerifyWhoseClaimIsTakenOverWhileItLooksRecordsNothingOfThatPage() {
        seed(5);
        storage.delete(stored.getFirst().key());
        Operation operation = start.start(OperationKind.VERIFY, job.id(), ADMIN);
        RunnerId taker = new RunnerId("taker");
        // Taken over while the page's objects were looked up, before their outcomes are recorded.
        MoveRecords takenOverFirst = takenOver(operation, taker, (call, relocations, ends) -> call == 1);
        RunOperation runner = runnerOf(new MoveBatch(operations, new InMemoryMoveRecords(artifacts, operations),
                storage, storage, true, 2, Duration.ofMinutes(1)), verifier(takenOverFirst));

        assertThrows(ClaimLost.class, () -> runner.run(operation.id()));

        Operation now = operations.findById(operation.id()).orElseThrow();
        assertEquals(OperationState.RUNNING, now.state());
        assertEquals(taker, now.claim().runner());
        assertEquals(0, now.done());
        assertEquals(0, now.failed());
        assertTrue(audit.list(PageRequest.first(100)).items().stream()
                .noneMatch(entry -> entry.action().equals("VERIFY drift")), "no drift recorded under a lost claim");
    }

    @Test
    void aVerifyWhoseStoreGoesDownMidPageRecordsNothingOfThatPageAndTheNextRunChecksIt() {
        seed(250);
        storage.delete(stored.get(230).key());
        Operation operation = start.start(OperationKind.VERIFY, job.id(), ADMIN);
        // The store answers the first page's lookups, then goes down in the middle of the second page's.
        AtomicBoolean down = new AtomicBoolean(true);
        TieredObjects failing = storeWith(copy -> { }, lookup -> {
            if (lookup > 220 && down.get()) {
                throw new StorageUnavailable("the object store is unavailable");
            }
        });
        RunOperation runner = runnerOf(new MoveBatch(operations, new InMemoryMoveRecords(artifacts, operations),
                storage, storage, true, 2, Duration.ofMinutes(1)),
                verifier(new InMemoryMoveRecords(artifacts, operations), failing));

        Operation stopped = runner.run(operation.id());

        assertEquals(OperationState.FAILED, stopped.state());
        assertTrue(stopped.error().contains("unavailable"), stopped.error());
        assertEquals(200, stopped.done(), "the first page recorded, nothing of the second");
        assertEquals(0, stopped.failed());
        assertTrue(audit.list(PageRequest.first(100)).items().stream()
                .noneMatch(entry -> entry.action().equals("VERIFY drift")));

        // Asked again once the store is back: the same operation resumes and checks what was left.
        down.set(false);
        assertEquals(operation.id(), start.start(OperationKind.VERIFY, job.id(), ADMIN).id());
        Operation finished = runner.run(operation.id());
        assertEquals(OperationState.FAILED, finished.state());
        assertEquals(249, finished.done());
        assertEquals(1, finished.failed());
        assertEquals(stored.get(230).id(), finished.failures().getFirst().artifact());
    }

    @Test
    void aReaderWaitingForAnOperationIsAnsweredAsSoonAsItEndsHere() throws Exception {
        seed(3);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        // Looking again only at the wait's bound: only the end's own signal answers the reader before it.
        var get = new GetOperation(operations, POLICY, ends, GetOperationUseCase.MAX_WAIT);
        var answer = new CompletableFuture<Operation>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                answer.complete(get.get(ADMIN, operation.id(), GetOperationUseCase.MAX_WAIT));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);

        run.run(operation.id());

        Operation answered = answer.get(10, TimeUnit.SECONDS);
        assertEquals(OperationState.SUCCEEDED, answered.state());
        assertEquals(3, answered.done());
    }

    @Test
    void aReaderWaitingForAnOperationThatGoesOnIsAnsweredAtTheWaitsBound() {
        seed(2);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        var get = new GetOperation(operations, POLICY, ends, Duration.ofMillis(20));

        Operation answered = get.get(ADMIN, operation.id(), Duration.ofMillis(100));

        assertEquals(OperationState.RUNNING, answered.state());
        assertEquals(0, answered.done());
    }

    @Test
    void aWaitBelowZeroOrAboveTheBoundIsRefused() {
        seed(1);
        Operation operation = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        var get = new GetOperation(operations, POLICY, ends, Duration.ofSeconds(1));

        for (Duration wait : List.of(Duration.ofMillis(-1), GetOperationUseCase.MAX_WAIT.plusNanos(1),
                Duration.ofSeconds(Long.MAX_VALUE))) {
            InvalidValue refused = assertThrows(InvalidValue.class, () -> get.get(ADMIN, operation.id(), wait));
            assertEquals("wait", refused.field());
        }
    }

    @Test
    void purgeTombstonesAtOnceThenRemovesEveryObjectAndRow() {
        seed(5);

        Operation operation = start.start(OperationKind.PURGE, job.id(), ADMIN);
        assertThrows(JobBeingPurged.class, () -> getJob.get(ADMIN, job.id()));
        assertThrows(JobBeingPurged.class, () -> start.start(OperationKind.ARCHIVE, job.id(), ADMIN));
        Operation purged = run.run(operation.id());

        assertEquals(OperationState.SUCCEEDED, purged.state());
        assertEquals(5, purged.total());
        assertEquals(5, purged.done());
        assertThrows(JobPurged.class, () -> getJob.get(ADMIN, job.id()));
        assertEquals(List.of(), storage.list(StorageTier.PRIMARY, job.prefix().primary(), null).keys());
    }

    /** The store's purge port, telling {@code seen} of each bulk delete before it is done. */
    private StoragePurge purgeSeeing(Consumer<List<StorageKey>> seen) {
        return new StoragePurge() {
            @Override
            public int deleteAll(StorageTier tier, List<StorageKey> keys) {
                seen.accept(keys);
                return storage.deleteAll(tier, keys);
            }

            @Override
            public int abortUploads(StorageTier tier, StoragePrefix prefix) {
                return storage.abortUploads(tier, prefix);
            }
        };
    }

    /** The store's copies, each after {@code beforeCopy} is told its number among them, from 1. */
    private TieredObjects copyingAfter(IntConsumer beforeCopy) {
        return storeWith(beforeCopy, lookup -> { });
    }

    /**
     * The store, with {@code beforeCopy} told each copy's number and {@code beforeLookup} each lookup's (from 1) just
     * before it is made; either may throw to fail it.
     */
    private TieredObjects storeWith(IntConsumer beforeCopy, IntConsumer beforeLookup) {
        AtomicInteger copies = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        return new TieredObjects() {
            @Override
            public void copy(StorageLocation from, StorageLocation to) {
                storage.copy(from, to);
            }

            @Override
            public StoredObject copyArtifact(Artifact artifact, StorageLocation to) {
                beforeCopy.accept(copies.incrementAndGet());
                return storage.copyArtifact(artifact, to);
            }

            @Override
            public Optional<StoredObject> head(StorageLocation at) {
                beforeLookup.accept(lookups.incrementAndGet());
                return storage.head(at);
            }

            @Override
            public void delete(StorageLocation at) {
                storage.delete(at);
            }
        };
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "waited too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** When a recording hands the claim over: its number among the calls, and what it records. */
    private interface HandOver {
        boolean now(int call, List<MoveRecords.Relocation> relocations, List<MoveRecords.StepEnd> ends);
    }

    /** Records as the in-memory store does, handing the operation's claim to {@code taker} just before one call. */
    private MoveRecords takenOver(Operation operation, RunnerId taker, HandOver when) {
        var recorded = new InMemoryMoveRecords(artifacts, operations);
        AtomicInteger calls = new AtomicInteger();
        return (fence, relocations, ends) -> {
            if (when.now(calls.incrementAndGet(), relocations, ends)) {
                operations.release(operation.id(), fence.runner());
                assertTrue(operations.claim(new Fence(operation.id(), taker), Duration.ofMinutes(1)));
            }
            return recorded.record(fence, relocations, ends);
        };
    }

    /** A verify "here" recording its checks through {@code records}, looking objects up in {@code objects}, two at once. */
    private VerifyArtifacts verifier(MoveRecords records, TieredObjects objects) {
        return new VerifyArtifacts(jobs, artifacts, operations, new InMemoryMoveSteps(artifacts, operations), records,
                objects, storage, audit, 2);
    }

    private VerifyArtifacts verifier(MoveRecords records) {
        return verifier(records, storage);
    }

    private VerifyArtifacts verifier() {
        return verifier(new InMemoryMoveRecords(artifacts, operations));
    }

    /** A runner "here" whose archives and restores go through {@code batch}. */
    private RunOperation runnerOf(MoveBatch batch) {
        return runnerOf(batch, verifier());
    }

    /** A runner "here" whose archives and restores go through {@code batch}, and its verifies through {@code verify}. */
    private RunOperation runnerOf(MoveBatch batch, VerifyArtifacts verify) {
        var moving = new MoveArtifacts(jobs, new InMemoryMoveSteps(artifacts, operations), batch, 3);
        return new RunOperation(operations, new ArchiveJob(moving), new RestoreJob(moving),
                new PurgeJob(jobs, operations, storage, storage), verify, audit,
                new InMemoryUnitOfWork(), ends, new RunnerId("here"), Duration.ofMinutes(1));
    }
}
