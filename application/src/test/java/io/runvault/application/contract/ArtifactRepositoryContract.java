package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Checksum;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import io.runvault.domain.Owner;
import io.runvault.domain.PageRequest;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every ArtifactRepository must do; run against the in-memory fake and the Postgres adapter. */
public abstract class ArtifactRepositoryContract {
    protected abstract JobRepository jobs();

    protected abstract RunRepository runs();

    protected abstract ArtifactRepository artifacts();

    private static final Checksum SUM = Checksum.sha256Hex("ab".repeat(32));

    private Job job() {
        return jobs().insert(new NewJob(new Owner("artifacts-contract"), Tags.none(), Instant.now()));
    }

    private RunId run(Job job) {
        return runs().insertAll(job.id(), List.of(new RunConfig("{}")), Instant.now()).getFirst().id();
    }

    private Artifact reserve(ArtifactIdentity identity) {
        return artifacts().reserve(identity, jobs().findById(identity.job()).orElseThrow().prefix().keyFor(identity));
    }

    @Test
    void reservingAnIdentityTwiceFindsTheFirstReservation() {
        Job job = job();
        var identity = new ArtifactIdentity(job.id(), null, ArtifactKind.JOB_INPUT, null);
        Artifact first = reserve(identity);
        Artifact second = reserve(identity);
        assertEquals(first, second);
        assertEquals(ArtifactState.PENDING, first.state());
    }

    @Test
    void racingReservationsOfOneIdentityAllFindTheOneRow() throws Exception {
        for (int round = 0; round < 100; round++) {
            Job job = job();
            var identity = ArtifactIdentity.runResults(job.id(), run(job), Stage.FINAL);
            var key = job.prefix().keyFor(identity);
            var barrier = new CyclicBarrier(8);
            List<Future<Artifact>> reservers = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    reservers.add(threads.submit(() -> {
                        barrier.await(10, TimeUnit.SECONDS);
                        return artifacts().reserve(identity, key);
                    }));
                }
                Artifact first = reservers.getFirst().get(20, TimeUnit.SECONDS);
                for (Future<Artifact> reserver : reservers) {
                    assertEquals(first, reserver.get(20, TimeUnit.SECONDS));
                }
            }
        }
    }

    @Test
    void stageAndRunArePartOfTheIdentity() {
        Job job = job();
        RunId a = run(job);
        RunId b = run(job);
        Artifact finalOfA = reserve(ArtifactIdentity.runResults(job.id(), a, Stage.FINAL));
        Artifact preOfA = reserve(ArtifactIdentity.runResults(job.id(), a, new Stage("pre")));
        Artifact finalOfB = reserve(ArtifactIdentity.runResults(job.id(), b, Stage.FINAL));
        assertNotEquals(finalOfA.id(), preOfA.id());
        assertNotEquals(finalOfA.id(), finalOfB.id());
        assertNotEquals(finalOfA.key(), preOfA.key());
    }

    @Test
    void markingStoredRecordsSizeChecksumAndAnIncreasingSeqOnce() {
        Job job = job();
        Artifact first = reserve(new ArtifactIdentity(job.id(), null, ArtifactKind.JOB_INPUT, null));
        Artifact second = reserve(new ArtifactIdentity(job.id(), null, ArtifactKind.JOB_CONFIG, null));
        Artifact storedSecond = artifacts().markStored(second.id(), 10, SUM);
        Artifact storedFirst = artifacts().markStored(first.id(), 5, SUM);
        assertTrue(storedFirst.seq() > storedSecond.seq(), "seq follows the order of storing, not of reserving");
        assertEquals(5L, storedFirst.size());
        assertEquals(SUM, storedFirst.checksum());

        Artifact again = artifacts().markStored(first.id(), 999, Checksum.sha256Hex("cd".repeat(32)));
        assertEquals(storedFirst, again);
        assertEquals(storedFirst, artifacts().findById(first.id()).orElseThrow());
    }

    @Test
    void listsAJobsArtifactsByFilterPageByPage() {
        Job job = job();
        RunId run = run(job);
        List<Artifact> results = new ArrayList<>();
        for (String stage : List.of("a", "b", "c")) {
            Artifact artifact = reserve(ArtifactIdentity.runResults(job.id(), run, new Stage(stage)));
            results.add(artifacts().markStored(artifact.id(), 1, SUM));
        }
        reserve(ArtifactIdentity.runResults(job.id(), run, new Stage("pending")));
        reserve(new ArtifactIdentity(job.id(), run, ArtifactKind.RUN_LOGS, null));

        List<Artifact> seen = new ArrayList<>();
        Long after = null;
        do {
            var page = artifacts().listByJob(job.id(), ArtifactFilter.storedResults(), new PageRequest(after, 2));
            seen.addAll(page.items());
            after = page.next();
        } while (after != null);
        assertEquals(results, seen);
        assertEquals(5, artifacts().listByJob(job.id(), ArtifactFilter.all(), PageRequest.first(10)).items().size());
        assertTrue(artifacts().listByJob(job().id(), ArtifactFilter.all(), PageRequest.first(10)).items().isEmpty());
    }

    @Test
    void relocationIsACompareAndSetAndKeepsTheKey() {
        Job job = job();
        var identity = new ArtifactIdentity(job.id(), null, ArtifactKind.JOB_INPUT, null);
        Artifact stored = artifacts().markStored(reserve(identity).id(), 3, SUM);
        assertEquals(StorageLocation.primary(stored.key()), stored.location());
        var archived = StorageLocation.archive(job.prefix().archiveKeyFor(stored.key()));

        assertTrue(artifacts().relocate(stored.id(), stored.location(), archived));
        assertFalse(artifacts().relocate(stored.id(), stored.location(), archived));

        Artifact read = artifacts().findById(stored.id()).orElseThrow();
        assertEquals(archived, read.location());
        assertEquals(stored.key(), read.key());
        assertTrue(read.isArchived());
        assertEquals(read, artifacts().listByJob(job.id(), ArtifactFilter.all(), PageRequest.first(5)).items().getFirst());
        assertTrue(artifacts().relocate(stored.id(), archived, stored.location()));
        assertEquals(stored, artifacts().findById(stored.id()).orElseThrow());
    }
}
