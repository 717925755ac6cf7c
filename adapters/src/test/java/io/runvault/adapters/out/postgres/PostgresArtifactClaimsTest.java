package io.runvault.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.ConnectionOperations;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.application.port.out.ArtifactClaims.Granted;
import io.runvault.application.port.out.ArtifactClaims.HeldElsewhere;
import io.runvault.application.port.out.ArtifactClaims.Recorded;
import io.runvault.application.port.out.ArtifactClaims.Stored;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Checksum;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.NewJob;
import io.runvault.domain.Owner;
import io.runvault.domain.RunConfig;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import io.runvault.domain.Stage;
import io.runvault.domain.Tags;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Write claims between two servers sharing one database: one writer at a time, and a dead writer's claim lapses. */
class PostgresArtifactClaimsTest {
    /**
     * Renewed every third of it: long enough that a renewal's commit stalled by a busy disk (CI shares its machine)
     * still lands within the lease, short enough that waiting two of them to see one lapse stays brief.
     */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(TestPostgres.freshDatabase().properties());
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static PostgresArtifactClaims server() {
        return new PostgresArtifactClaims(context.getBean(Argument.of(ConnectionOperations.class, Connection.class)),
                LEASE);
    }

    private static ArtifactIdentity newIdentity() {
        Job job = context.getBean(PostgresJobRepository.class)
                .insert(new NewJob(new Owner("claims"), Tags.none(), Instant.now()));
        RunId run = context.getBean(PostgresRunRepository.class)
                .insertAll(job.id(), List.of(new RunConfig("{}")), Instant.now()).getFirst().id();
        return ArtifactIdentity.runResults(job.id(), run, Stage.FINAL);
    }

    @Test
    void aLiveClaimKeepsOtherWritersOutPastItsLeaseAndItsStoreEndsIt() throws Exception {
        var identity = newIdentity();
        PostgresArtifactClaims one = server();
        PostgresArtifactClaims two = server();
        try {
            var first = assertInstanceOf(Granted.class, one.claim(identity, key(identity)));
            assertFalse(first.mayHaveLeftover());
            Thread.sleep(LEASE.multipliedBy(2).toMillis());
            assertTrue(first.held(), "renewals keep the claim");
            assertInstanceOf(HeldElsewhere.class, two.claim(identity, key(identity)));

            var stored = first.markStored(3, Checksum.sha256(new byte[32])).orElseThrow();
            assertTrue(stored.isStored());
            assertEquals(stored, assertInstanceOf(Stored.class, two.claim(identity, key(identity))).artifact());
            assertEquals(stored, two.awaitOutcome(stored.id(), Duration.ofSeconds(1)).orElseThrow());
        } finally {
            one.stop();
            two.stop();
        }
    }

    @Test
    void aDeadWritersClaimLapsesTheNextWriterTakesOverAndTheDeadOneCanNoLongerRecord() throws Exception {
        var identity = newIdentity();
        PostgresArtifactClaims dead = server();
        PostgresArtifactClaims next = server();
        try {
            var first = assertInstanceOf(Granted.class, dead.claim(identity, key(identity)));
            dead.stop();
            Thread.sleep(LEASE.multipliedBy(2).toMillis());
            assertFalse(first.held(), "a claim not renewed for a lease is given up on its holder's side too");

            var taken = assertInstanceOf(Granted.class, next.claim(identity, key(identity)));
            assertTrue(taken.mayHaveLeftover(), "the dead writer may have left an object to verify");
            assertTrue(first.markStored(3, Checksum.sha256(new byte[32])).isEmpty(), "fenced by the claim");
            assertTrue(taken.markStored(4, Checksum.sha256(new byte[32])).isPresent());
        } finally {
            dead.stop();
            next.stop();
        }
    }

    @Test
    void aClosedClaimIsFreeForTheNextWriterAtOnce() {
        var identity = newIdentity();
        PostgresArtifactClaims one = server();
        try {
            var first = assertInstanceOf(Granted.class, one.claim(identity, key(identity)));
            first.close();
            var again = assertInstanceOf(Granted.class, one.claim(identity, key(identity)));
            assertTrue(again.mayHaveLeftover());
            assertFalse(one.awaitOutcome(first.artifact().id(), Duration.ofMillis(100)).orElseThrow().isStored());
            again.close();
        } finally {
            one.stop();
        }
    }

    /** Runs of a new job, the first of them taken up (so the job is RUNNING). */
    private static List<RunId> runningJob(int runs) {
        Job job = context.getBean(PostgresJobRepository.class)
                .insert(new NewJob(new Owner("claims"), Tags.none(), Instant.now()));
        PostgresRunRepository repository = context.getBean(PostgresRunRepository.class);
        List<RunId> ids = repository.insertAll(job.id(), java.util.Collections.nCopies(runs, new RunConfig("{}")),
                Instant.now()).stream().map(Run::id).toList();
        assertTrue(repository.updateStatus(ids.getFirst(), RunStatus.PENDING, RunStatus.RUNNING));
        return ids;
    }

    private static Run run(RunId id) {
        return context.getBean(PostgresRunRepository.class).findById(id).orElseThrow();
    }

    /** Claims the artifact and records it stored, moving its run to DONE in the same write where it may. */
    private static Optional<Recorded> storedMovingRunToDone(PostgresArtifactClaims claims,
            ArtifactIdentity identity, RunId run) {
        var claim = assertInstanceOf(Granted.class, claims.claim(identity, key(identity)));
        return claim.markStoredMovingRun(3, Checksum.sha256(new byte[32]), "tag", run,
                Set.of(RunStatus.PENDING, RunStatus.RUNNING), RunStatus.DONE);
    }

    private static JobStatus jobOf(RunId id) {
        return context.getBean(PostgresJobRepository.class).findById(run(id).jobId()).orElseThrow().status();
    }

    @Test
    void resultsRecordedWithTheirRunsMoveWhenTheJobStaysWhereItIs() {
        List<RunId> runs = runningJob(2);
        var identity = ArtifactIdentity.runResults(run(runs.getFirst()).jobId(), runs.getFirst(), Stage.FINAL);
        PostgresArtifactClaims one = server();
        try {
            var recorded = storedMovingRunToDone(one, identity, runs.getFirst()).orElseThrow();
            assertTrue(recorded.artifact().isStored());
            assertTrue(recorded.runMoved(), "one write: the artifact and the run");
            assertEquals(RunStatus.DONE, run(runs.getFirst()).status());
            assertEquals(JobStatus.RUNNING, jobOf(runs.getFirst()), "the other run is unfinished");
        } finally {
            one.stop();
        }
    }

    /**
     * The seed's burst: every run of a RUNNING job gets its final results at the same moment, as uploads do: the
     * record moves the run where it can, the run repository moves it otherwise. Each round's job ends exactly once,
     * COMPLETED, whichever runs were recorded first and whichever saw the others unfinished.
     */
    @Test
    void finalResultsOfEveryRunRecordedAtOnceEndTheJob() throws Exception {
        int writers = 8;
        PostgresArtifactClaims claims = server();
        PostgresRunRepository repository = context.getBean(PostgresRunRepository.class);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int round = 0; round < 6; round++) {
                List<RunId> runs = runningJob(writers);
                var barrier = new CyclicBarrier(writers);
                List<Future<Boolean>> ends = new ArrayList<>();
                for (RunId run : runs) {
                    var identity = ArtifactIdentity.runResults(run(run).jobId(), run, Stage.FINAL);
                    var claim = assertInstanceOf(Granted.class, claims.claim(identity, key(identity)));
                    ends.add(pool.submit(() -> {
                        barrier.await();
                        var recorded = claim.markStoredMovingRun(3, Checksum.sha256(new byte[32]), "tag", run,
                                Set.of(RunStatus.PENDING, RunStatus.RUNNING), RunStatus.DONE).orElseThrow();
                        return recorded.runMoved() || repository.updateStatus(run,
                                Set.of(RunStatus.PENDING, RunStatus.RUNNING), RunStatus.DONE);
                    }));
                }
                for (Future<Boolean> end : ends) {
                    assertTrue(end.get());
                }
                assertEquals(JobStatus.COMPLETED, jobOf(runs.getFirst()), "round " + round);
                runs.forEach(run -> assertEquals(RunStatus.DONE, run(run).status()));
            }
        } finally {
            claims.stop();
        }
    }

    @Test
    void aRunWhoseMoveWouldTakeItsJobAlongIsLeftToTheRunRepository() {
        List<RunId> runs = runningJob(1);
        var identity = ArtifactIdentity.runResults(run(runs.getFirst()).jobId(), runs.getFirst(), Stage.FINAL);
        PostgresArtifactClaims one = server();
        try {
            var recorded = storedMovingRunToDone(one, identity, runs.getFirst()).orElseThrow();
            assertTrue(recorded.artifact().isStored());
            assertFalse(recorded.runMoved(), "the last run ending finishes its job: a transaction of its own");
            assertEquals(RunStatus.RUNNING, run(runs.getFirst()).status());
        } finally {
            one.stop();
        }
    }

    /** The statuses a run may move from are written into the statement: a run in none of them stays where it is. */
    @Test
    void aRunInNoneOfTheStatusesItMayMoveFromStaysAsTheRecordIsWritten() {
        List<RunId> runs = runningJob(3);
        PostgresArtifactClaims one = server();
        try {
            for (Set<RunStatus> from : List.of(Set.of(RunStatus.PENDING), Set.<RunStatus>of())) {
                RunId run = from.isEmpty() ? runs.get(1) : runs.getFirst();
                var identity = ArtifactIdentity.runResults(run(run).jobId(), run, new Stage("from-" + from.size()));
                var claim = assertInstanceOf(Granted.class, one.claim(identity, key(identity)));
                var recorded = claim.markStoredMovingRun(3, Checksum.sha256(new byte[32]), "tag", run, from,
                        RunStatus.RUNNING).orElseThrow();
                assertTrue(recorded.artifact().isStored(), from.toString());
                assertFalse(recorded.runMoved(), from.toString());
            }
            assertEquals(RunStatus.RUNNING, run(runs.getFirst()).status());
            assertEquals(RunStatus.PENDING, run(runs.get(1)).status());
        } finally {
            one.stop();
        }
    }

    @Test
    void aClaimTakenOverRecordsNothingAndMovesNoRun() throws Exception {
        List<RunId> runs = runningJob(2);
        var identity = ArtifactIdentity.runResults(run(runs.getLast()).jobId(), runs.getLast(), Stage.FINAL);
        PostgresArtifactClaims dead = server();
        PostgresArtifactClaims next = server();
        try {
            var first = assertInstanceOf(Granted.class, dead.claim(identity, key(identity)));
            dead.stop();
            Thread.sleep(LEASE.multipliedBy(2).toMillis());
            assertInstanceOf(Granted.class, next.claim(identity, key(identity)));
            assertTrue(first.markStoredMovingRun(3, Checksum.sha256(new byte[32]), null, runs.getLast(),
                    Set.of(RunStatus.PENDING), RunStatus.DONE).isEmpty(), "fenced by the claim");
            assertEquals(RunStatus.PENDING, run(runs.getLast()).status());
        } finally {
            dead.stop();
            next.stop();
        }
    }

    private static io.runvault.domain.StorageKey key(ArtifactIdentity identity) {
        return new io.runvault.domain.StorageKey("claims/" + identity.job().value() + "/" + identity.run().value());
    }
}
