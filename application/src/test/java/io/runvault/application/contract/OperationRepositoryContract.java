package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.ConcurrentChange;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Fence;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.RunId;
import io.runvault.domain.RunnerId;
import io.runvault.domain.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What every OperationRepository must do; run against the in-memory fake and the Postgres adapter. */
public abstract class OperationRepositoryContract {
    private static final AtomicLong JOBS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final Owner ADMIN = new Owner("admin");

    protected abstract OperationRepository operations();

    private static List<Artifact> artifacts(JobId job, long... ids) {
        JobS3Prefix prefix = new JobS3Prefix("jobs/" + job + "/2026/01/02/030405/");
        return LongStream.of(ids).mapToObj(id -> {
            var identity = ArtifactIdentity.runResults(job, new RunId(id), Stage.FINAL);
            return new Artifact(new ArtifactId(id), identity, prefix.keyFor(identity), ArtifactState.PENDING, null,
                    null, null);
        }).toList();
    }

    @Test
    void oneUnfinishedOperationPerJobAndANewOneOnceItEnds() {
        JobId job = new JobId(JOBS.incrementAndGet());
        Operation first = operations().open(OperationKind.ARCHIVE, job, ADMIN);

        assertEquals(OperationState.RUNNING, first.state());
        assertEquals(first, operations().findUnfinished(job).orElseThrow());
        assertThrows(ConcurrentChange.class, () -> operations().open(OperationKind.PURGE, job, ADMIN));
        assertTrue(operations().running().contains(first.id()));

        assertTrue(operations().moveTo(
                new Operation.Transition(first.id(), OperationState.RUNNING, OperationState.FAILED, "store down")));
        assertFalse(operations().moveTo(
                new Operation.Transition(first.id(), OperationState.RUNNING, OperationState.SUCCEEDED, null)));
        assertEquals("store down", operations().findById(first.id()).orElseThrow().error());
        assertFalse(operations().running().contains(first.id()));
        assertEquals(first.id(), operations().findUnfinished(job).orElseThrow().id(), "failed is unfinished");

        assertTrue(operations().moveTo(operations().findById(first.id()).orElseThrow().supersede()));
        Operation second = operations().open(OperationKind.PURGE, job, ADMIN);
        assertEquals(OperationKind.PURGE, second.kind());
    }

    @Test
    void oneRunnerAtATimeClaimsAnOperationUntilItLetsGoOrItsClaimLapses() throws Exception {
        JobId job = new JobId(JOBS.incrementAndGet());
        OperationId id = operations().open(OperationKind.ARCHIVE, job, ADMIN).id();
        RunnerId a = new RunnerId("runner a");
        RunnerId b = new RunnerId("runner b");

        assertNull(operations().findById(id).orElseThrow().claim(), "opened: no server holds it yet");
        Instant before = Instant.now();
        assertTrue(operations().claim(new Fence(id, a), Duration.ofMinutes(1)));
        Operation.Claim held = operations().findById(id).orElseThrow().claim();
        assertEquals(a, held.runner());
        assertTrue(held.until().isAfter(before.plusSeconds(50)) && held.until().isBefore(before.plusSeconds(70)),
                () -> "claimed for a minute from now: " + held.until());
        assertFalse(operations().running().contains(id), "claimed: nothing to resume");
        assertFalse(operations().claim(new Fence(id, b), Duration.ofMinutes(1)));
        assertTrue(operations().renew(new Fence(id, a), Duration.ofMinutes(1)), "renewed by its holder");
        assertFalse(operations().renew(new Fence(id, b), Duration.ofMinutes(1)), "not renewed by another");
        operations().release(id, b);
        assertFalse(operations().claim(new Fence(id, b), Duration.ofMinutes(1)), "only the holder lets go");
        operations().release(id, a);
        assertNull(operations().findById(id).orElseThrow().claim(), "let go: no holder shown");
        assertTrue(operations().running().contains(id), "let go: resumable at once");
        assertTrue(operations().claim(new Fence(id, b), Duration.ofMillis(200)));

        Thread.sleep(400);
        assertTrue(operations().running().contains(id), "lapsed: resumable");
        assertFalse(operations().holds(new Fence(id, b)), "a lapsed claim is held by nobody");
        assertFalse(operations().renew(new Fence(id, b), Duration.ofMinutes(1)), "a lapsed claim is not renewed");
        assertTrue(operations().claim(new Fence(id, a), Duration.ofMinutes(1)), "taken over after the claim lapsed");

        assertTrue(operations().end(new Fence(id, a), new Operation.Ending(OperationState.SUCCEEDED, null)));
        assertNull(operations().findById(id).orElseThrow().claim(), "ending lets go");
        assertFalse(operations().claim(new Fence(id, a), Duration.ofMinutes(1)),
                "only RUNNING operations are claimed");
    }

    @Test
    void everyWriteOfARunTakesEffectOnlyWhileItsRunnerHoldsTheClaim() throws Exception {
        JobId job = new JobId(JOBS.incrementAndGet());
        OperationId id = operations().open(OperationKind.ARCHIVE, job, ADMIN).id();
        Fence first = new Fence(id, new RunnerId("first"));
        Fence second = new Fence(id, new RunnerId("second"));
        assertFalse(operations().addSteps(first, artifacts(job, 1, 2)), "not claimed yet");
        assertTrue(operations().claim(new Fence(id, first.runner()), Duration.ofMinutes(1)));
        assertTrue(operations().addSteps(first, artifacts(job, 1, 2)));
        assertTrue(operations().addProgress(first, 0, 1));

        // The writes above are under a lease no slow commit outlasts; the runner's last renewal is a short one, and it
        // stalls past it.
        assertTrue(operations().renew(first, Duration.ofMillis(300)));
        Thread.sleep(500);
        assertTrue(operations().claim(new Fence(id, second.runner()), Duration.ofMinutes(1)), "taken over");
        assertFalse(operations().holds(first));
        assertFalse(operations().addSteps(first, artifacts(job, 3)));
        assertFalse(operations().addProgress(first, 5, 5));
        assertFalse(operations().addFinding(first, new io.runvault.domain.StorageKey("jobs/stray"), "late"));
        assertFalse(operations().end(first, new Operation.Ending(OperationState.FAILED, "late")));
        Operation untouched = operations().findById(id).orElseThrow();
        assertEquals(2, untouched.total());
        assertEquals(1, untouched.done());
        assertEquals(0, untouched.failed());
        assertEquals(OperationState.RUNNING, untouched.state());

        assertTrue(operations().addFinding(second, new io.runvault.domain.StorageKey("jobs/stray"), "stray"));
        assertTrue(operations().addFinding(second, new io.runvault.domain.StorageKey("jobs/stray"), "again"));
        Operation found = operations().findById(id).orElseThrow();
        assertEquals(1, found.failed(), "a finding counts once");
        assertEquals("stray", found.failures().getFirst().message());
        assertNull(found.failures().getFirst().artifact());
        assertTrue(operations().end(second, new Operation.Ending(OperationState.FAILED, "drift")));
        assertFalse(operations().end(second, new Operation.Ending(OperationState.SUCCEEDED, null)), "ended once");
    }
}
