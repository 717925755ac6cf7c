package io.runvault.application.service;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.operations.ArchiveJob;
import io.runvault.application.service.operations.MoveArtifacts;
import io.runvault.application.service.operations.PurgeJob;
import io.runvault.application.service.operations.RestoreJob;
import io.runvault.application.service.operations.RunOperation;
import io.runvault.application.service.operations.StartOperation;
import io.runvault.application.service.operations.VerifyArtifacts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.JobBeingPurged;
import io.runvault.application.JobPurged;
import io.runvault.application.fakes.InMemoryArtifactRepository;
import io.runvault.application.fakes.InMemoryArtifactStorage;
import io.runvault.application.fakes.InMemoryAuditLog;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryOperationRepository;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactIdentity;
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
    private final List<OperationId> scheduled = new ArrayList<>();
    private final GetJob getJob = new GetJob(jobs, POLICY);
    private final StartOperation start = new StartOperation(getJob, jobs, operations, scheduled::add, POLICY);
    private final MoveArtifacts moves = new MoveArtifacts(jobs, artifacts, operations, storage, true, 3, 2);
    private final RunOperation run = new RunOperation(operations, new ArchiveJob(moves), new RestoreJob(moves),
            new PurgeJob(jobs, operations, storage, storage),
            new VerifyArtifacts(jobs, artifacts, operations, storage, storage, audit), audit, new RunnerId("here"),
            Duration.ofMinutes(1));

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
    void aForeignObjectAtTheArchiveKeyFailsTheStepAndKeepsTheOriginal() {
        seed(2);
        Artifact victim = stored.getFirst();
        var archiveKey = StorageLocation.archive(job.prefix().archiveKeyFor(victim.key()));
        storage.putIfAbsent(StorageLocation.primary(archiveKey.key()).key(), new ByteArrayInputStream(new byte[1]),
                DeclaredLength.of(1));
        storage.copy(StorageLocation.primary(archiveKey.key()), archiveKey);

        Operation archived = startAndRun(OperationKind.ARCHIVE);

        assertEquals(OperationState.FAILED, archived.state());
        assertEquals(1, archived.done());
        assertEquals(1, archived.failed());
        assertTrue(archived.failures().getFirst().message().contains("expected"), archived.failures().toString());
        assertEquals(StorageTier.PRIMARY, artifacts.findById(victim.id()).orElseThrow().location().tier());
        assertTrue(storage.head(victim.key()).isPresent());
        Operation resumed = start.start(OperationKind.ARCHIVE, job.id(), ADMIN);
        assertEquals(archived.id(), resumed.id(), "asking again resumes the failed operation");
        assertEquals(OperationState.RUNNING, operations.findById(archived.id()).orElseThrow().state());
        assertEquals(0, operations.findById(archived.id()).orElseThrow().failed(), "its failed step is open again");
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
}
