package io.runvault.application.contract;

import io.runvault.domain.PageRequest;
import io.runvault.domain.ArtifactFilter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.MoveRecords.Relocation;
import io.runvault.application.port.out.MoveRecords.StepEnd;
import io.runvault.application.port.out.MoveSteps;
import io.runvault.application.port.out.MoveSteps.OpenStep;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Checksum;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationKind;
import io.runvault.domain.Owner;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunnerId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StorageTier;
import io.runvault.domain.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every MoveRecords and MoveSteps must do; run against the in-memory fakes and the Postgres adapter. */
public abstract class MoveRecordsContract {
    private static final Checksum SUM = Checksum.sha256Hex("cd".repeat(32));
    private static final RunnerId RUNNER = new RunnerId("mover");

    protected abstract JobRepository jobs();

    protected abstract RunRepository runs();

    protected abstract ArtifactRepository artifacts();

    protected abstract OperationRepository operations();

    protected abstract MoveRecords records();

    protected abstract MoveSteps steps();

    private Job job;
    private Operation operation;
    private Fence fence;

    /** A job with {@code count} stored artifacts, an archive operation with a step each, claimed by the runner. */
    private List<Artifact> planned(int count) {
        job = jobs().insert(new NewJob(new Owner("moves-contract"), Tags.none(), Instant.now()));
        RunId run = runs().insertAll(job.id(), List.of(new RunConfig("{}")), Instant.now()).getFirst().id();
        List<Artifact> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var identity = ArtifactIdentity.runResults(job.id(), run, new Stage("s" + i));
            Artifact reserved = artifacts().reserve(identity, job.prefix().keyFor(identity));
            stored.add(artifacts().markStored(reserved.id(), 10 + i, SUM));
        }
        operation = operations().open(OperationKind.ARCHIVE, job.id(), new Owner("admin"));
        fence = new Fence(operation.id(), RUNNER);
        assertTrue(operations().claim(fence, Duration.ofMinutes(1)));
        assertTrue(operations().addSteps(fence, stored));
        return stored;
    }

    /** An archive operation on a job with {@code count} stored artifacts, claimed by the runner, not planned yet. */
    private List<Artifact> unplanned(int count) {
        job = jobs().insert(new NewJob(new Owner("moves-contract"), Tags.none(), Instant.now()));
        List<Artifact> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stored.add(storedArtifact("s" + i));
        }
        operation = operations().open(OperationKind.ARCHIVE, job.id(), new Owner("admin"));
        fence = new Fence(operation.id(), RUNNER);
        assertTrue(operations().claim(fence, Duration.ofMinutes(1)));
        return stored;
    }

    private Artifact storedArtifact(String stage) {
        RunId run = runs().insertAll(job.id(), List.of(new RunConfig("{}")), Instant.now()).getFirst().id();
        var identity = ArtifactIdentity.runResults(job.id(), run, new Stage(stage));
        Artifact reserved = artifacts().reserve(identity, job.prefix().keyFor(identity));
        return artifacts().markStored(reserved.id(), 10, SUM);
    }

    private List<ArtifactId> openStepIds() {
        return steps().openSteps(operation.id(), null, 100).stream().map(OpenStep::step).toList();
    }

    private StorageLocation archived(Artifact artifact) {
        return StorageLocation.archive(job.prefix().archiveKeyFor(artifact.key()));
    }

    private Operation now() {
        return operations().findById(operation.id()).orElseThrow();
    }

    @Test
    void stepsAreAddedOnceAndCountedAsTheyEnd() {
        List<ArtifactId> ids = planned(5).stream().map(Artifact::id).toList();
        assertTrue(operations().addSteps(fence, artifacts().listByJob(job.id(), ArtifactFilter.all(),
                PageRequest.first(10)).items()), "planned again: nothing new");

        assertEquals(ids.subList(0, 2), steps().openSteps(operation.id(), null, 2).stream().map(OpenStep::step)
                .toList());
        assertEquals(ids.subList(4, 5), steps().openSteps(operation.id(), ids.get(3), 10).stream()
                .map(OpenStep::step).toList());
        assertTrue(records().record(fence, List.of(), List.of(StepEnd.done(ids.get(0)),
                StepEnd.failed(ids.get(1), "copy refused"))).isPresent());
        assertTrue(operations().addProgress(fence, 10, 7));

        Operation read = now();
        assertEquals(15, read.total());
        assertEquals(8, read.done());
        assertEquals(1, read.failed());
        assertEquals("copy refused", read.failures().getFirst().message());
        assertEquals(ids.get(1), read.failures().getFirst().artifact());
        assertEquals(ids.subList(1, 5), openStepIds(), "failed steps stay open for a retry");

        operations().reopenFailedSteps(operation.id());
        assertEquals(0, now().failed());
    }

    @Test
    void aBatchRecordsItsRelocationsWithTheirTagsAndEndsItsStepsAtOnce() {
        List<Artifact> stored = planned(3);
        Artifact moved = stored.get(0);

        Optional<Set<ArtifactId>> relocated = records().record(fence,
                List.of(new Relocation(moved.id(), moved.location(), archived(moved), "\"tag-1\"")),
                List.of(StepEnd.done(stored.get(1).id()), StepEnd.failed(stored.get(2).id(), "source vanished")));

        assertEquals(Optional.of(Set.of(moved.id())), relocated);
        Artifact now = artifacts().findById(moved.id()).orElseThrow();
        assertEquals(archived(moved), now.location());
        assertEquals("\"tag-1\"", now.tag());
        assertEquals(1, now().done(), "the relocated step stays open until it is ended");
        assertEquals(1, now().failed());
        assertEquals("source vanished", now().failures().getFirst().message());

        assertEquals(Optional.of(Set.of()), records().record(fence, List.of(), List.of(StepEnd.done(moved.id()))));
        assertEquals(2, now().done());
    }

    @Test
    void aRelocationOfAnArtifactNoLongerWhereItWasFoundFailsItsStepAndMovesNothing() {
        List<Artifact> stored = planned(2);
        Artifact elsewhere = stored.get(0);
        Artifact fine = stored.get(1);

        Optional<Set<ArtifactId>> relocated = records().record(fence, List.of(
                new Relocation(elsewhere.id(), StorageLocation.primary(fine.key()), archived(elsewhere), null),
                new Relocation(fine.id(), fine.location(), archived(fine), null)), List.of());

        assertEquals(Optional.of(Set.of(fine.id())), relocated);
        assertEquals(StorageTier.PRIMARY, artifacts().findById(elsewhere.id()).orElseThrow().location().tier());
        assertEquals(archived(fine), artifacts().findById(fine.id()).orElseThrow().location());
        assertEquals(1, now().failed());
        assertTrue(now().failures().getFirst().message().contains("no longer at"), now().failures()::toString);
    }

    @Test
    void aRunnerThatNoLongerHoldsTheClaimRecordsNothingOfItsBatch() {
        List<Artifact> stored = planned(3);
        operations().release(operation.id(), RUNNER);
        assertTrue(operations().claim(new Fence(operation.id(), new RunnerId("taker")), Duration.ofMinutes(1)));
        Artifact moved = stored.get(0);

        Optional<Set<ArtifactId>> relocated = records().record(fence,
                List.of(new Relocation(moved.id(), moved.location(), archived(moved), "\"tag\"")),
                List.of(StepEnd.done(stored.get(1).id()), StepEnd.failed(stored.get(2).id(), "late")));

        assertEquals(Optional.empty(), relocated);
        assertEquals(moved.location(), artifacts().findById(moved.id()).orElseThrow().location());
        assertEquals(0, now().done());
        assertEquals(0, now().failed());
    }

    @Test
    void planningAddsAStepPerStoredArtifactNotYetInTheTargetTierOnlyOnce() {
        List<Artifact> stored = unplanned(3);
        Artifact alreadyArchived = stored.get(2);
        assertTrue(artifacts().relocate(alreadyArchived.id(), alreadyArchived.location(), archived(alreadyArchived)));
        RunId run = runs().insertAll(job.id(), List.of(new RunConfig("{}")), Instant.now()).getFirst().id();
        var pendingIdentity = ArtifactIdentity.runResults(job.id(), run, new Stage("pending"));
        artifacts().reserve(pendingIdentity, job.prefix().keyFor(pendingIdentity));

        assertTrue(steps().plan(fence, StorageTier.ARCHIVE));
        assertEquals(List.of(stored.get(0).id(), stored.get(1).id()), openStepIds());

        Artifact later = storedArtifact("later");
        assertTrue(steps().plan(fence, StorageTier.ARCHIVE));
        assertEquals(List.of(stored.get(0).id(), stored.get(1).id(), later.id()), openStepIds(),
                "planning again adds only what was stored since");
        assertEquals(3, now().total());
    }

    @Test
    void aRunnerThatNoLongerHoldsTheClaimPlansNothing() {
        unplanned(2);
        operations().release(operation.id(), RUNNER);
        assertTrue(operations().claim(new Fence(operation.id(), new RunnerId("taker")), Duration.ofMinutes(1)));

        assertFalse(steps().plan(fence, StorageTier.ARCHIVE));
        assertEquals(List.of(), openStepIds());
    }

    @Test
    void openStepsComePageByPageWithTheirArtifactsAsTheyAreNow() {
        List<Artifact> stored = planned(3);
        Artifact moved = stored.get(1);
        records().record(fence, List.of(new Relocation(moved.id(), moved.location(), archived(moved), "\"t\"")),
                List.of(StepEnd.done(stored.get(0).id())));

        List<OpenStep> first = steps().openSteps(operation.id(), null, 1);
        assertEquals(List.of(new OpenStep(moved.id(), artifacts().findById(moved.id()).orElseThrow())), first);
        assertEquals(archived(moved), first.getFirst().artifact().location());
        assertEquals(List.of(new OpenStep(stored.get(2).id(), stored.get(2))),
                steps().openSteps(operation.id(), moved.id(), 10));
    }
}
