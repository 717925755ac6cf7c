package io.runvault.application.service.artifacts;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.ChecksumMismatch;
import io.runvault.application.UploadIncomplete;
import io.runvault.application.UploadRejected;
import io.runvault.application.port.in.artifacts.CompleteUploadUseCase;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import io.runvault.domain.StoredObject;
import io.runvault.domain.ZipSignature;

/** Use case: record a presigned upload as stored once the object is really there; the job's input submits it. */
public final class CompleteUpload implements CompleteUploadUseCase {
    private final GetJob getJob;
    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final ArtifactObjects objects;
    private final AccessPolicy policy;

    public CompleteUpload(GetJob getJob, JobRepository jobs, ArtifactRepository artifacts, ArtifactObjects objects,
            AccessPolicy policy) {
        this.getJob = getJob;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.objects = objects;
        this.policy = policy;
    }

    @Override
    public Artifact complete(Principal principal, JobId job, ArtifactId id, Checksum expected) {
        getJob.get(principal, job);
        Artifact reserved = artifacts.findById(id).filter(a -> a.belongsTo(job))
                .orElseThrow(() -> new ArtifactNotFound(id));
        policy.requireUpload(principal, reserved.identity());
        Artifact artifact = reserved;
        if (!reserved.isStored()) {
            StoredObject object = objects.head(reserved.key()).orElseThrow(() -> new UploadIncomplete(reserved));
            checkKind(objects, reserved, object);
            checkExpected(reserved, expected, object.sha256());
            artifact = artifacts.markStored(reserved.id(), object.size(), object.sha256());
        }
        checkExpected(artifact, expected, artifact.checksum());
        if (artifact.identity().kind() == ArtifactKind.JOB_INPUT) {
            // Only a job still waiting for its input moves; a repeated completion finds it submitted already.
            jobs.updateStatus(job, JobStatus.CREATED, JobStatus.SUBMITTED);
        }
        return artifact;
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

    private static void checkExpected(Artifact artifact, Checksum expected, Checksum actual) {
        if (expected != null && !expected.equals(actual)) {
            throw new ChecksumMismatch(artifact.key(), expected, actual);
        }
    }
}
