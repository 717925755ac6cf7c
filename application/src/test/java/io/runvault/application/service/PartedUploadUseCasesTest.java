package io.runvault.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ChecksumMismatch;
import io.runvault.application.Sha256;
import io.runvault.application.fakes.InMemoryArtifactRepository;
import io.runvault.application.fakes.InMemoryArtifactStorage;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryMultipartUploads;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.application.port.in.artifacts.RequestPartedUploadUseCase.PartUrl;
import io.runvault.application.port.in.artifacts.RequestPartedUploadUseCase.PartedUpload;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.service.artifacts.CompletePartedUpload;
import io.runvault.application.service.artifacts.RequestPartedUpload;
import io.runvault.application.service.artifacts.RequestUpload;
import io.runvault.application.service.jobs.CreateJob;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.runs.GetRun;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Checksum;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import io.runvault.domain.Tags;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartedUploadUseCasesTest {
    private static final int PART = 5 << 20;

    private final Clock clock = Clock.systemUTC();
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryRunRepository runs = new InMemoryRunRepository(jobs);
    private final InMemoryArtifactRepository artifacts = new InMemoryArtifactRepository();
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();
    private final InMemoryMultipartUploads uploads = new InMemoryMultipartUploads(storage, clock);
    private final AccessPolicy policy = new AccessPolicy(false);
    private final GetJob getJob = new GetJob(jobs, policy);
    private final RequestUpload requestUpload = new RequestUpload(getJob, new GetRun(getJob, jobs, runs, policy),
            artifacts, storage, policy, Duration.ofMinutes(5));
    private final RequestPartedUpload requestParted = new RequestPartedUpload(requestUpload, getJob, artifacts,
            uploads, policy, new RequestPartedUpload.Settings(6L << 20, PART, 10, Duration.ofMinutes(5)));
    private final CompletePartedUpload completeParted = new CompletePartedUpload(getJob, jobs, artifacts, artifacts,
            storage, uploads, policy, Duration.ofSeconds(5));
    private final Principal owner = Principal.client("o");
    private final Job job = new CreateJob(jobs, policy, clock).create(new CreateJobCommand(owner, Tags.none()));
    private final byte[] input = bytes(PART + 17);

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private PartedUpload request() {
        return requestParted.request(new RequestUploadCommand(owner, job.id(), ArtifactKind.JOB_INPUT, null, null),
                input.length);
    }

    private void put(PartUrl url) {
        int from = (url.number() - 1) * PART;
        uploads.acceptPart(url.url(), Arrays.copyOfRange(input, from, Math.min(input.length, from + PART)));
    }

    @Test
    void onlyDeclaredSizesAboveTheThresholdOrAnExplicitAskGoInParts() {
        assertFalse(requestParted.inParts(null, false));
        assertFalse(requestParted.inParts(6L << 20, false));
        assertTrue(requestParted.inParts((6L << 20) + 1, false));
        assertTrue(requestParted.inParts(10L, true));
    }

    @Test
    void allPartsCompletedWithTheirSha256RecordTheInputAndSubmitTheJob() {
        PartedUpload upload = request();
        assertEquals(2, upload.plan().partCount());
        upload.urls().forEach(this::put);
        Checksum sha256 = Sha256.of(new ByteArrayInputStream(input));

        Artifact stored = completeParted.complete(owner, job.id(), upload.artifact().id(), upload.uploadId(), sha256);
        assertEquals(ArtifactState.STORED, stored.state());
        assertEquals(input.length, stored.size());
        assertEquals(sha256, stored.checksum());
        assertEquals(JobStatus.SUBMITTED, jobs.findById(job.id()).orElseThrow().status());
        assertEquals(stored, completeParted.complete(owner, job.id(), upload.artifact().id(), upload.uploadId(),
                sha256), "completing again is answered with what is stored");
    }

    @Test
    void askingAgainGivesTheSameUploadWithItsStoredPartsAndUrlsForTheRest() {
        PartedUpload first = request();
        put(first.urls().getFirst());
        PartedUpload again = request();
        assertEquals(first.uploadId(), again.uploadId());
        assertEquals(List.of(1), again.stored().stream().map(p -> p.number()).toList());
        assertEquals(List.of(2), again.urls().stream().map(PartUrl::number).toList());
    }

    @Test
    void aWrongDeclaredSha256IsRefusedAndNeitherTheRowNorTheObjectSaysStored() {
        PartedUpload upload = request();
        upload.urls().forEach(this::put);
        assertThrows(ChecksumMismatch.class, () -> completeParted.complete(owner, job.id(), upload.artifact().id(),
                upload.uploadId(), Sha256.of(new ByteArrayInputStream(new byte[] {7}))));
        assertEquals(ArtifactState.PENDING, artifacts.findById(upload.artifact().id()).orElseThrow().state());
        assertEquals(Optional.empty(), storage.head(upload.artifact().key()));
        assertEquals(JobStatus.CREATED, jobs.findById(job.id()).orElseThrow().status());
    }

    @Test
    void aMissingPartOrAMissingSha256IsRefusedBeforeAnythingIsCompleted() {
        PartedUpload upload = request();
        put(upload.urls().get(1));
        Checksum sha256 = Sha256.of(new ByteArrayInputStream(input));
        assertThrows(InvalidValue.class, () -> completeParted.complete(owner, job.id(), upload.artifact().id(),
                upload.uploadId(), sha256));
        assertThrows(InvalidValue.class, () -> completeParted.complete(owner, job.id(), upload.artifact().id(),
                upload.uploadId(), null));
        assertEquals(Optional.of(upload.uploadId()), uploads.findOpen(upload.artifact().key()));
    }
}
