package io.runvault.application.service.artifacts;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.runs.GetRun;
import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.JobClosed;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.in.artifacts.RequestUploadUseCase;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Job;
import io.runvault.domain.RunId;
import io.runvault.domain.SingleUploadId;
import io.runvault.domain.StorageKey;
import java.time.Duration;

/**
 * Use case: reserve an artifact under the job's prefix and presign a PUT to a staging key of this upload's own;
 * completion ({@link CompleteUpload}) copies it to the artifact's key under the write claim. Stored artifacts are
 * never reissued.
 */
public final class RequestUpload implements RequestUploadUseCase {
    private final GetJob getJob;
    private final GetRun getRun;
    private final ArtifactRepository artifacts;
    private final ArtifactLinks links;
    private final AccessPolicy policy;
    private final Duration urlTtl;

    public RequestUpload(GetJob getJob, GetRun getRun, ArtifactRepository artifacts, ArtifactLinks links,
            AccessPolicy policy, Duration urlTtl) {
        this.getJob = getJob;
        this.getRun = getRun;
        this.artifacts = artifacts;
        this.links = links;
        this.policy = policy;
        this.urlTtl = urlTtl;
    }

    @Override
    public UploadLocation request(RequestUploadCommand command) {
        Reserved reserved = reserve(command);
        SingleUploadId upload = SingleUploadId.random();
        StorageKey staging = reserved.job().prefix().uploadKeyFor(reserved.artifact().identity(), upload);
        return new UploadLocation(reserved.artifact(), command.sha256() == null ? links.presignPut(staging, urlTtl)
                : links.presignPut(staging, urlTtl, command.sha256()), upload);
    }

    /** The checks and the reservation every way of uploading shares; the URL is the caller's to choose. */
    Reserved reserve(RequestUploadCommand command) {
        Job job = getJob.get(command.principal(), command.job());
        if (!job.status().acceptsRuns()) {
            throw new JobClosed(job);
        }
        RunId run = command.run() == null ? null : getRun.get(command.principal(), job.id(), command.run()).id();
        var identity = new ArtifactIdentity(job.id(), run, command.kind(), command.stage());
        policy.requireUpload(command.principal(), identity);
        Artifact artifact = artifacts.reserve(identity, job.prefix().keyFor(identity));
        if (artifact.isStored()) {
            throw new ArtifactAlreadyExists(artifact.key());
        }
        return new Reserved(job, artifact);
    }

    /** A reserved, not yet stored artifact and its job. */
    record Reserved(Job job, Artifact artifact) {
    }
}
