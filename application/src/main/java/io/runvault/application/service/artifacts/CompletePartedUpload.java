package io.runvault.application.service.artifacts;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ChecksumMismatch;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.UploadIncomplete;
import io.runvault.application.port.in.artifacts.CompletePartedUploadUseCase;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.application.port.out.ArtifactClaims.Granted;
import io.runvault.application.port.out.ArtifactClaims.HeldElsewhere;
import io.runvault.application.port.out.ArtifactClaims.Stored;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.MultipartUploads;
import io.runvault.application.port.out.MultipartUploads.Part;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.Checksum;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import io.runvault.domain.StoredObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Use case: complete a multipart upload the way the server-streamed PUT stores results: only the holder of the
 * artifact's write claim completes it, so Postgres decides between racing completers and direct writers whether or
 * not the store honours {@code If-None-Match}. The store cannot say what SHA-256 the parts add up to, so the client
 * declares it and the completed object is read back, streamed, to hash it: other bytes are deleted, never recorded.
 */
public final class CompletePartedUpload implements CompletePartedUploadUseCase {
    private final Reservations reservations;
    private final JobRepository jobs;
    private final ArtifactClaims claims;
    private final ArtifactObjects objects;
    private final MultipartUploads uploads;
    private final Duration claimWait;

    public CompletePartedUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts,
            ArtifactClaims claims, ArtifactObjects objects, MultipartUploads uploads, AccessPolicy policy,
            Duration claimWait) {
        this.reservations = new Reservations(getJob, artifacts, policy);
        this.jobs = jobs;
        this.claims = claims;
        this.objects = objects;
        this.uploads = uploads;
        this.claimWait = claimWait;
    }

    @Override
    public void check(Principal principal, JobId job, ArtifactId id, String uploadId, Checksum sha256) {
        reserved(principal, job, id, uploadId, sha256);
    }

    @Override
    public Artifact complete(Principal principal, JobId job, ArtifactId id, String uploadId, Checksum sha256) {
        Artifact reserved = reserved(principal, job, id, uploadId, sha256);
        Artifact artifact = switch (claims.claim(reserved.identity(), reserved.key())) {
            case Stored stored -> settled(stored.artifact(), uploadId);
            case HeldElsewhere held -> settled(claims.awaitOutcome(held.artifact().id(), claimWait)
                    .filter(Artifact::isStored)
                    .orElseThrow(() -> new ConcurrentChange("artifact " + held.artifact().key())), uploadId);
            case Granted granted -> write(granted, uploadId, sha256);
        };
        if (!sha256.equals(artifact.checksum())) {
            // Another writer's bytes were stored first: this upload lost, and nothing of it was kept.
            throw new ArtifactAlreadyExists(artifact.key());
        }
        if (artifact.identity().kind() == ArtifactKind.JOB_INPUT) {
            jobs.updateStatus(job, JobStatus.CREATED, JobStatus.SUBMITTED);
        }
        return artifact;
    }

    private Artifact reserved(Principal principal, JobId job, ArtifactId id, String uploadId, Checksum sha256) {
        if (sha256 == null) {
            throw new InvalidValue("sha256", "is required to complete a multipart upload");
        }
        if (uploadId == null || uploadId.isBlank()) {
            throw new InvalidValue("uploadId", "must be set");
        }
        return reservations.find(principal, job, id).artifact();
    }

    /** The artifact is stored already: this upload's parts are of no further use. */
    private Artifact settled(Artifact stored, String uploadId) {
        uploads.abort(stored.key(), uploadId);
        return stored;
    }

    private Artifact write(Granted claim, String uploadId, Checksum sha256) {
        try (claim) {
            Artifact artifact = claim.artifact();
            if (claim.mayHaveLeftover()) {
                // An object no row records yet: an earlier completer died before recording it. Verified by head.
                Optional<StoredObject> leftover = objects.head(artifact.key());
                if (leftover.isPresent()) {
                    return settled(record(claim, leftover.get()), uploadId);
                }
            }
            List<Part> parts = uploads.listParts(artifact.key(), uploadId);
            requireContiguous(artifact, parts);
            try {
                uploads.complete(artifact.key(), uploadId, parts);
            } catch (ArtifactAlreadyExists e) {
                // Only a store that honours If-None-Match says so: an object no row knew of. Record it, verified.
                return settled(objects.head(artifact.key()).map(found -> record(claim, found)).orElseThrow(() -> e),
                        uploadId);
            }
            StoredObject object = objects.head(artifact.key()).orElseThrow(() -> new UploadIncomplete(artifact));
            CompleteUpload.checkKind(objects, artifact, object);
            if (!sha256.equals(object.sha256())) {
                objects.delete(artifact.key());
                throw new ChecksumMismatch(artifact.key(), sha256, object.sha256());
            }
            return record(claim, object);
        }
    }

    /** Parts 1 to n, none missing: completing with a gap would store a shorter object than the client sent. */
    private static void requireContiguous(Artifact artifact, List<Part> parts) {
        if (parts.isEmpty()) {
            throw new UploadIncomplete(artifact);
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).number() != i + 1) {
                throw new InvalidValue("parts", "part " + (i + 1) + " of artifact " + artifact.id()
                        + " has not been uploaded");
            }
        }
    }

    private static Artifact record(Granted claim, StoredObject object) {
        return claim.markStored(object.size(), object.sha256(), object.tag())
                .orElseThrow(() -> new ConcurrentChange("the write claim on artifact " + claim.artifact().key()));
    }
}
