package io.runvault.application.service.artifacts;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.ChecksumMismatch;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.UploadIncomplete;
import io.runvault.application.UploadRejected;
import io.runvault.application.port.in.artifacts.CompleteUploadUseCase;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.application.port.out.ArtifactClaims.Granted;
import io.runvault.application.port.out.ArtifactClaims.HeldElsewhere;
import io.runvault.application.port.out.ArtifactClaims.Stored;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.Checksum;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import io.runvault.domain.SingleUploadId;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoredObject;
import io.runvault.domain.ZipSignature;
import java.time.Duration;
import java.util.Optional;

/**
 * Use case: complete a presigned single PUT the way the server-streamed PUT stores results. Each upload waits at a
 * staging key of its own; only the holder of the artifact's write claim copies its upload to the artifact's key, so
 * Postgres decides between racing uploads whether or not the store honours {@code If-None-Match}. What is recorded is
 * hashed at the artifact's key after the copy, so a later PUT to a staging URL changes nothing recorded. The job's
 * input submits the job.
 */
public final class CompleteUpload implements CompleteUploadUseCase {
    private final Reservations reservations;
    private final JobRepository jobs;
    private final ArtifactClaims claims;
    private final ArtifactObjects objects;
    private final TieredObjects tiers;
    private final Duration claimWait;

    public CompleteUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts, ArtifactClaims claims,
            ArtifactObjects objects, TieredObjects tiers, AccessPolicy policy, Duration claimWait) {
        this.reservations = new Reservations(getJob, artifacts, policy);
        this.jobs = jobs;
        this.claims = claims;
        this.objects = objects;
        this.tiers = tiers;
        this.claimWait = claimWait;
    }

    @Override
    public void check(Principal principal, JobId job, ArtifactId id, SingleUploadId upload) {
        reserved(principal, job, id, upload);
    }

    @Override
    public CompletedUpload complete(Principal principal, JobId job, ArtifactId id, SingleUploadId upload,
            Checksum expected) {
        Reservations.Reserved found = reserved(principal, job, id, upload);
        Job owner = found.job();
        Artifact reserved = found.artifact();
        StorageKey staging = owner.prefix().uploadKeyFor(reserved.identity(), upload);
        CompletedUpload completed = switch (claims.claim(reserved.identity(), reserved.key())) {
            case Stored stored -> settled(stored.artifact(), staging, expected);
            case HeldElsewhere held -> settled(claims.awaitOutcome(held.artifact().id(), claimWait)
                    .filter(Artifact::isStored)
                    .orElseThrow(() -> new ConcurrentChange("artifact " + held.artifact().key())), staging, expected);
            case Granted granted -> write(granted, staging, expected);
        };
        if (reserved.identity().kind() == ArtifactKind.JOB_INPUT) {
            // Only a job still waiting for its input moves; a repeated completion finds it submitted already.
            jobs.updateStatus(job, JobStatus.CREATED, JobStatus.SUBMITTED);
        }
        return completed;
    }

    private Reservations.Reserved reserved(Principal principal, JobId job, ArtifactId id, SingleUploadId upload) {
        if (upload == null) {
            throw new InvalidValue("uploadId", "is required: complete with the uploadId the upload request answered");
        }
        return reservations.find(principal, job, id);
    }

    /**
     * The artifact is stored already (by another upload, or by this one before): this upload is compared with it by
     * the declared SHA-256, else by hashing what it staged, and its staging object is of no further use.
     */
    private CompletedUpload settled(Artifact stored, StorageKey staging, Checksum expected) {
        Checksum ours = expected != null ? expected : objects.head(staging).map(StoredObject::sha256)
                .orElseThrow(() -> new UploadIncomplete(stored));
        objects.delete(staging);
        if (!ours.equals(stored.checksum())) {
            throw new ArtifactAlreadyExists(stored.key());
        }
        return new CompletedUpload(stored, false);
    }

    private CompletedUpload write(Granted claim, StorageKey staging, Checksum expected) {
        try (claim) {
            Artifact artifact = claim.artifact();
            if (claim.mayHaveLeftover()) {
                // An object no row records yet: an earlier completer died before recording it (or a URL issued for
                // the artifact's own key before uploads were staged). Verified by head, then compared.
                Optional<StoredObject> leftover = objects.head(artifact.key());
                if (leftover.isPresent()) {
                    return settled(record(claim, leftover.get()), staging, expected);
                }
            }
            // Copied inside the store rather than streamed through here with putIfAbsent: the bytes would pass this
            // process twice instead of once (the hash below). Its create-only check is a check, then a copy, but
            // only the claim holder writes the artifact's key, so no other writer can slip in between.
            try {
                tiers.copy(StorageLocation.primary(staging), StorageLocation.primary(artifact.key()));
            } catch (ArtifactNotFound e) {
                throw new UploadIncomplete(artifact);
            } catch (ArtifactAlreadyExists e) {
                // The key is taken (an object no row knew of: record it, verified), or the staging object was
                // replaced while it was copied (nothing was copied: the client completes again).
                StoredObject found = objects.head(artifact.key())
                        .orElseThrow(() -> new ConcurrentChange("the upload at " + staging));
                return settled(record(claim, found), staging, expected);
            }
            // Hashed where it now is, not where it came from: a PUT to the staging URL meanwhile changes nothing here.
            StoredObject object = objects.head(artifact.key()).orElseThrow(() -> new UploadIncomplete(artifact));
            try {
                checkKind(objects, artifact, object);
                if (expected != null && !expected.equals(object.sha256())) {
                    objects.delete(artifact.key());
                    throw new ChecksumMismatch(artifact.key(), expected, object.sha256());
                }
            } catch (UploadRejected | ChecksumMismatch e) {
                objects.delete(staging);
                throw e;
            }
            Artifact stored = record(claim, object);
            objects.delete(staging);
            return new CompletedUpload(stored, true);
        }
    }

    /**
     * Results must be a zip, as on the direct path. Other bytes are deleted rather than left at the key, where the
     * worker's own upload would find the key taken (or adopt them as an interrupted upload of its own).
     */
    static void checkKind(ArtifactObjects objects, Artifact reserved, StoredObject object) {
        if (reserved.identity().kind() != ArtifactKind.RUN_RESULTS) {
            return;
        }
        if (object.size() < ZipSignature.LENGTH
                || !ZipSignature.matches(objects.readStart(reserved.key(), ZipSignature.LENGTH))) {
            objects.delete(reserved.key());
            throw new UploadRejected(reserved, "results must be a zip archive");
        }
    }

    /** Fenced by the claim; losing it meanwhile means another writer took over, whose outcome then stands. */
    private static Artifact record(Granted claim, StoredObject object) {
        return claim.markStored(object.size(), object.sha256(), object.tag())
                .orElseThrow(() -> new ConcurrentChange("the write claim on artifact " + claim.artifact().key()));
    }
}
