package io.runvault.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.fakes.InMemoryArtifactRepository;
import io.runvault.application.fakes.InMemoryArtifactStorage;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.service.artifacts.NoticeStagedUploads;
import io.runvault.application.service.artifacts.RequestStagedUpload;
import io.runvault.application.service.artifacts.RequestUpload;
import io.runvault.application.service.jobs.CreateJob;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.runs.GetRun;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import io.runvault.domain.StorageKey;
import io.runvault.domain.Tags;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The staging area holds two kinds of uploads: the Epistemix API's, one fixed key per artifact that Runvault promotes
 * by itself, and presigned single PUTs, a key per upload that only their completion (under the write claim) copies.
 */
class StagedUploadsTest {
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryArtifactRepository artifacts = new InMemoryArtifactRepository();
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();
    private final AccessPolicy policy = new AccessPolicy(false);
    private final GetJob getJob = new GetJob(jobs, policy);
    private final RequestUpload requestUpload = new RequestUpload(getJob,
            new GetRun(getJob, jobs, new InMemoryRunRepository(jobs), policy), artifacts, storage, policy,
            Duration.ofMinutes(5));
    private final RequestStagedUpload requestStaged = new RequestStagedUpload(requestUpload, storage,
            Duration.ofMinutes(5));
    private final NoticeStagedUploads notice = new NoticeStagedUploads(jobs, artifacts, storage, storage, artifacts);
    private final Principal owner = Principal.client("o");
    private final Job job = new CreateJob(jobs, policy, Clock.systemUTC())
            .create(new CreateJobCommand(owner, Tags.none()));

    @Test
    void noticingStagedUploadsLeavesEveryPresignedPutToItsOwnCompletion() {
        var single = requestUpload.request(new RequestUploadCommand(owner, job.id(), ArtifactKind.JOB_INPUT, null,
                null));
        StorageKey upload = job.prefix().uploadKeyFor(single.artifact().identity(), single.uploadId());
        put(upload, "input");
        var staged = requestStaged.request(new RequestUploadCommand(owner, job.id(), ArtifactKind.JOB_CONFIG, null,
                null));
        put(job.prefix().stagingKeyFor(staged.artifact().key()), "{}");

        assertEquals(1, notice.noticeAll(), "the Epistemix upload alone is stored");
        assertEquals(ArtifactState.STORED, artifacts.findById(staged.artifact().id()).orElseThrow().state());
        assertEquals(ArtifactState.PENDING, artifacts.findById(single.artifact().id()).orElseThrow().state());
        assertTrue(storage.head(upload).isPresent(), "the presigned PUT waits for its completion");
        assertTrue(storage.head(single.artifact().key()).isEmpty());
    }

    @Test
    void aPurgedJobsUncompletedPresignedPutsGoWithItsStagingArea() {
        var single = requestUpload.request(new RequestUploadCommand(owner, job.id(), ArtifactKind.JOB_INPUT, null,
                null));
        StorageKey upload = job.prefix().uploadKeyFor(single.artifact().identity(), single.uploadId());
        put(upload, "input");
        jobs.updateStatus(job.id(), JobStatus.CREATED, JobStatus.PURGING);
        jobs.purge(job.id());

        assertEquals(0, notice.noticeAll());
        assertTrue(storage.head(upload).isEmpty());
    }

    @Test
    void aStagedUploadWaitsWhileAnotherWriterHoldsTheArtifactsClaimAndNeverReplacesWhatItStored() {
        var staged = requestStaged.request(new RequestUploadCommand(owner, job.id(), ArtifactKind.JOB_CONFIG, null,
                null));
        var artifact = staged.artifact();
        StorageKey staging = job.prefix().stagingKeyFor(artifact.key());
        put(staging, "{\"staged\":true}");

        // Another writer of the same artifact holds its claim: the sweep leaves the staged bytes for later.
        var holder = assertInstanceOf(ArtifactClaims.Granted.class, artifacts.claim(artifact.identity(),
                artifact.key()));
        assertEquals(0, notice.noticeAll());
        assertTrue(storage.head(staging).isPresent(), "kept for the next sweep");
        assertTrue(storage.head(artifact.key()).isEmpty(), "only the claim's holder writes the artifact's key");

        // The holder stores its own bytes: those stay, and the staged ones go.
        byte[] theirs = "{\"theirs\":true}".getBytes();
        var written = storage.putIfAbsent(artifact.key(), new ByteArrayInputStream(theirs),
                DeclaredLength.of(theirs.length));
        assertTrue(holder.markStored(written.size(), written.sha256()).isPresent());
        holder.close();
        assertEquals(0, notice.noticeAll());
        assertTrue(storage.head(staging).isEmpty());
        assertEquals(written.sha256(), artifacts.findById(artifact.id()).orElseThrow().checksum());
        assertEquals(written.sha256(), storage.head(artifact.key()).orElseThrow().sha256());
    }

    @Test
    void aStagedUploadIsPromotedOnceAWriterThatHeldTheClaimGaveUp() {
        var staged = requestStaged.request(new RequestUploadCommand(owner, job.id(), ArtifactKind.JOB_CONFIG, null,
                null));
        var artifact = staged.artifact();
        put(job.prefix().stagingKeyFor(artifact.key()), "{\"staged\":true}");
        var holder = assertInstanceOf(ArtifactClaims.Granted.class, artifacts.claim(artifact.identity(),
                artifact.key()));
        assertEquals(0, notice.noticeAll());
        holder.close();

        assertEquals(1, notice.noticeAll());
        assertEquals(ArtifactState.STORED, artifacts.findById(artifact.id()).orElseThrow().state());
        assertEquals(storage.head(artifact.key()).orElseThrow().sha256(),
                artifacts.findById(artifact.id()).orElseThrow().checksum());
    }

    private void put(StorageKey key, String text) {
        byte[] bytes = text.getBytes();
        storage.putIfAbsent(key, new ByteArrayInputStream(bytes), DeclaredLength.of(bytes.length));
    }
}
