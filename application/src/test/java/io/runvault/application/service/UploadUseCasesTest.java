package io.runvault.application.service;

import io.runvault.application.service.artifacts.CompleteUpload;
import io.runvault.application.service.artifacts.RequestUpload;
import io.runvault.application.service.artifacts.UploadResults;
import io.runvault.application.service.jobs.CreateJob;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.runs.ChangeRunStatus;
import io.runvault.application.service.runs.GetRun;
import io.runvault.application.service.runs.SubmitRuns;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.JobClosed;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.Forbidden;
import io.runvault.application.RunNotFound;
import io.runvault.application.ChecksumMismatch;
import io.runvault.application.Sha256;
import io.runvault.application.UploadIncomplete;
import io.runvault.application.fakes.InMemoryArtifactRepository;
import io.runvault.application.fakes.InMemoryArtifactStorage;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.in.runs.SubmitRunsCommand;
import io.runvault.application.port.in.artifacts.UploadResultsCommand;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.IllegalTransition;
import io.runvault.domain.Job;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobStatus;
import io.runvault.domain.StorageKey;
import io.runvault.application.port.in.artifacts.RequestUploadUseCase;
import io.runvault.domain.Principal;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunStatus;
import io.runvault.domain.Stage;
import io.runvault.domain.Tags;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadUseCasesTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryRunRepository runs = new InMemoryRunRepository(jobs);
    private final InMemoryArtifactRepository artifacts = new InMemoryArtifactRepository();
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();
    private final AccessPolicy policy = new AccessPolicy(false);
    private final GetJob getJob = new GetJob(jobs, policy);
    private final GetRun getRun = new GetRun(getJob, jobs, runs, policy);
    private final ChangeRunStatus changeRunStatus = new ChangeRunStatus(getRun, runs, policy);
    private final RequestUpload requestUpload = new RequestUpload(getJob, getRun, artifacts, storage, policy,
            Duration.ofMinutes(5));
    private final CompleteUpload completeUpload = new CompleteUpload(getJob, jobs, artifacts, artifacts, storage,
            storage, policy, Duration.ofSeconds(5));
    private final UploadResults uploadResults = new UploadResults(getJob, runs, runs, artifacts, storage, policy,
            Duration.ofSeconds(5));

    private final Principal owner = Principal.client("o");
    private final Job job = new CreateJob(jobs, policy, clock).create(new CreateJobCommand(owner, Tags.none()));
    private final Run run = new SubmitRuns(getJob, runs, policy, clock)
            .submit(new SubmitRunsCommand(owner, job.id(), List.of(new RunConfig("{}")))).getFirst();
    private final Principal worker = Principal.worker("w", job.id(), run.id());

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private UploadResultsCommand results(String text) {
        return new UploadResultsCommand(worker, job.id(), run.id(), Stage.FINAL, bytes(text),
                DeclaredLength.unknown());
    }

    @Test
    void completingAnUploadThatNeverArrivedRecordsNothing() {
        var location = request(ArtifactKind.JOB_INPUT);
        assertThrows(UploadIncomplete.class, () -> completeUpload.complete(owner, job.id(), location.artifact().id(),
                location.uploadId(), null));
        assertEquals(ArtifactState.PENDING, artifacts.findById(location.artifact().id()).orElseThrow().state());
        assertEquals(JobStatus.CREATED, getJob.get(owner, job.id()).status());
    }

    @Test
    void completingWithoutTheUploadIdIsRefusedAsInvalid() {
        var location = request(ArtifactKind.JOB_INPUT);
        var refused = assertThrows(InvalidValue.class, () -> completeUpload.complete(owner, job.id(),
                location.artifact().id(), null, null));
        assertEquals("uploadId", refused.field());
    }

    @Test
    void theUploadUrlIsAStagingKeyOfItsOwnNeverTheArtifactsKey() {
        var first = request(ArtifactKind.JOB_INPUT);
        var second = request(ArtifactKind.JOB_INPUT);
        assertEquals(first.artifact().id(), second.artifact().id());
        assertTrue(!first.uploadId().equals(second.uploadId()));
        assertTrue(first.url().url().toString().contains(staging(first).value()), first.url().url().toString());
        assertTrue(!first.url().url().toString().contains(first.artifact().key().value() + "?"));
    }

    @Test
    void completedJobInputSubmitsTheJobAndAWrongChecksumIsRefused() {
        var location = request(ArtifactKind.JOB_INPUT);
        storage.putIfAbsent(staging(location), bytes("input"), DeclaredLength.unknown());
        assertThrows(ChecksumMismatch.class, () -> completeUpload.complete(owner, job.id(), location.artifact().id(),
                location.uploadId(), Sha256.of(bytes("something else"))));
        assertEquals(JobStatus.CREATED, getJob.get(owner, job.id()).status());
        assertTrue(storage.head(location.artifact().key()).isEmpty(), "refused bytes are not kept");

        var again = request(ArtifactKind.JOB_INPUT);
        storage.putIfAbsent(staging(again), bytes("input"), DeclaredLength.unknown());
        var stored = completeUpload.complete(owner, job.id(), again.artifact().id(), again.uploadId(),
                Sha256.of(bytes("input")));
        assertTrue(stored.created());
        assertTrue(stored.artifact().isStored());
        assertEquals(5L, stored.artifact().size());
        assertTrue(storage.head(staging(again)).isEmpty(), "the staging object goes once copied");
        assertEquals(JobStatus.SUBMITTED, getJob.get(owner, job.id()).status());
        assertThrows(ArtifactAlreadyExists.class,
                () -> request(ArtifactKind.JOB_INPUT));
    }

    @Test
    void aSecondUploadIsComparedWithTheStoredOneAndNeverWritten() {
        var first = request(ArtifactKind.JOB_CONFIG);
        var same = request(ArtifactKind.JOB_CONFIG);
        var other = request(ArtifactKind.JOB_CONFIG);
        storage.putIfAbsent(staging(first), bytes("{}"), DeclaredLength.unknown());
        storage.putIfAbsent(staging(same), bytes("{}"), DeclaredLength.unknown());
        storage.putIfAbsent(staging(other), bytes("{\"x\":1}"), DeclaredLength.unknown());

        assertTrue(completeUpload.complete(owner, job.id(), first.artifact().id(), first.uploadId(), null).created());
        var repeated = completeUpload.complete(owner, job.id(), same.artifact().id(), same.uploadId(), null);
        assertTrue(!repeated.created());
        assertThrows(ArtifactAlreadyExists.class,
                () -> completeUpload.complete(owner, job.id(), other.artifact().id(), other.uploadId(), null));
        assertEquals(Sha256.of(bytes("{}")), Sha256.of(storage.open(first.artifact().key())));
        assertTrue(storage.head(staging(other)).isEmpty() && storage.head(staging(same)).isEmpty());
    }

    private RequestUploadUseCase.UploadLocation request(ArtifactKind kind) {
        return requestUpload.request(new RequestUploadCommand(owner, job.id(), kind, null, null));
    }

    private StorageKey staging(RequestUploadUseCase.UploadLocation location) {
        return job.prefix().uploadKeyFor(location.artifact().identity(), location.uploadId());
    }

    @Test
    void aFailedResultsUploadLeavesNoStoredRowAndCanBeRetried() {
        InputStream breaksHalfway = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 100) {
                    throw new IOException("connection reset by worker");
                }
                return 'x';
            }
        };
        assertThrows(UncheckedIOException.class, () -> uploadResults.upload(
                new UploadResultsCommand(worker, job.id(), run.id(), Stage.FINAL, breaksHalfway,
                        DeclaredLength.unknown())));
        var listed = artifacts.listByJob(job.id(), ArtifactFilter.all(), PageRequest.first(10)).items();
        assertTrue(listed.stream().noneMatch(a -> a.isStored()));
        assertEquals(RunStatus.PENDING, getRun.get(owner, run.id()).status());

        var retried = uploadResults.upload(results("complete results"));
        assertTrue(retried.created());
        assertEquals(RunStatus.DONE, getRun.get(owner, run.id()).status());
    }

    @Test
    void theSameBytesAgainAreASuccessAndOtherBytesAConflict() throws Exception {
        var first = uploadResults.upload(results("results"));
        var again = uploadResults.upload(results("results"));
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.artifact(), again.artifact());
        assertThrows(ArtifactAlreadyExists.class, () -> uploadResults.upload(results("other results")));
        try (InputStream stored = storage.open(first.artifact().key())) {
            assertArrayEquals("results".getBytes(StandardCharsets.UTF_8), stored.readAllBytes());
        }
    }

    @Test
    void anObjectLeftByAWriterThatDiedIsAdoptedNotOverwritten() {
        var identity = ArtifactIdentity.runResults(job.id(), run.id(), Stage.FINAL);
        var identityKey = job.prefix().keyFor(identity);
        var died = artifacts.claim(identity, identityKey);
        storage.putIfAbsent(identityKey, bytes("results"), DeclaredLength.unknown());
        artifacts.lapseClaim(died.artifact().id());

        var adopted = uploadResults.upload(results("results"));
        assertFalse(adopted.created());
        assertTrue(adopted.artifact().isStored());
        assertEquals(RunStatus.DONE, getRun.get(owner, run.id()).status());
    }

    @Test
    void otherBytesThanWhatADeadWriterLeftAreAConflictAndTheLeftoverIsRecorded() {
        var identity = ArtifactIdentity.runResults(job.id(), run.id(), Stage.FINAL);
        var died = artifacts.claim(identity, job.prefix().keyFor(identity));
        storage.putIfAbsent(died.artifact().key(), bytes("results"), DeclaredLength.unknown());
        artifacts.lapseClaim(died.artifact().id());

        assertThrows(ArtifactAlreadyExists.class, () -> uploadResults.upload(results("other results")));
        var recorded = artifacts.findById(died.artifact().id()).orElseThrow();
        assertTrue(recorded.isStored());
        assertEquals(storage.head(recorded.key()).orElseThrow().sha256(), recorded.checksum());
    }

    @Test
    void aWriterThatFindsTheClaimHeldWaitsForItsOutcomeThenCompares() throws Exception {
        var identity = ArtifactIdentity.runResults(job.id(), run.id(), Stage.FINAL);
        var first = (io.runvault.application.port.out.ArtifactClaims.Granted) artifacts.claim(identity,
                job.prefix().keyFor(identity));
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var same = threads.submit(() -> uploadResults.upload(results("results")));
            var other = threads.submit(() -> uploadResults.upload(results("other")));
            Thread.sleep(100);
            assertFalse(same.isDone());
            var stored = storage.putIfAbsent(first.artifact().key(), bytes("results"), DeclaredLength.unknown());
            first.markStored(stored.size(), stored.sha256());
            assertFalse(same.get().created());
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, other::get);
            assertTrue(failure.getCause() instanceof ArtifactAlreadyExists);
        }
        assertEquals(RunStatus.DONE, getRun.get(owner, run.id()).status());
    }

    @Test
    void resultsOfACancelledRunAreRefusedBeforeAnythingIsStored() {
        // Another run keeps the job open: this is about the run's own status.
        new SubmitRuns(getJob, runs, policy, clock)
                .submit(new SubmitRunsCommand(owner, job.id(), List.of(new RunConfig("{}"))));
        changeRunStatus.change(owner, run.id(), RunStatus.CANCELLED);
        assertThrows(IllegalTransition.class, () -> uploadResults.upload(results("late")));
        assertTrue(artifacts.listByJob(job.id(), ArtifactFilter.all(),
                PageRequest.first(10)).items().isEmpty());
    }

    @Test
    void aClosedJobTakesNoNewUploadsButAStoredResultMayComeAgain() {
        assertTrue(uploadResults.upload(results("results")).created());
        assertEquals(JobStatus.COMPLETED, getJob.get(owner, job.id()).status());

        assertFalse(uploadResults.upload(results("results")).created(), "a retry after a lost answer");
        assertThrows(JobClosed.class, () -> uploadResults.upload(new UploadResultsCommand(worker, job.id(), run.id(),
                new Stage("post"), bytes("more"), DeclaredLength.unknown())));
        assertThrows(JobClosed.class, () -> requestUpload.request(
                new RequestUploadCommand(worker, job.id(), ArtifactKind.RUN_LOGS, run.id(), null)));
    }

    @Test
    void resultsComeFromTheRunsWorkerNotFromTheClient() {
        assertThrows(Forbidden.class, () -> uploadResults.upload(
                new UploadResultsCommand(owner, job.id(), run.id(), Stage.FINAL, bytes("r"),
                        DeclaredLength.unknown())));
        var otherRun = new SubmitRuns(getJob, runs, policy, clock)
                .submit(new SubmitRunsCommand(owner, job.id(), List.of(new RunConfig("{}")))).getFirst();
        assertThrows(RunNotFound.class, () -> uploadResults.upload(
                new UploadResultsCommand(worker, job.id(), otherRun.id(), Stage.FINAL, bytes("r"),
                        DeclaredLength.unknown())));
        for (ArtifactKind kind : new ArtifactKind[] {ArtifactKind.RUN_RESULTS, ArtifactKind.RUN_LOGS}) {
            assertThrows(Forbidden.class, () -> requestUpload.request(
                    new RequestUploadCommand(owner, job.id(), kind, run.id(), null)), kind::toString);
        }
        assertThrows(Forbidden.class, () -> requestUpload.request(
                new RequestUploadCommand(worker, job.id(), ArtifactKind.JOB_CONFIG, null, null)));
        assertTrue(requestUpload.request(new RequestUploadCommand(worker, job.id(), ArtifactKind.RUN_LOGS, run.id(),
                null)).url().url().isAbsolute());
        // A run's config is what the owner supplies, as the job's own config is.
        assertTrue(requestUpload.request(new RequestUploadCommand(owner, job.id(), ArtifactKind.RUN_CONFIG, run.id(),
                null)).url().url().isAbsolute());
    }
}
