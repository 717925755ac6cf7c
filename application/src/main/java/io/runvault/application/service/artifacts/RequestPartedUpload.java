package io.runvault.application.service.artifacts;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.in.artifacts.RequestPartedUploadUseCase;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.MultipartUploads;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.PartPlan;
import io.runvault.domain.Principal;
import io.runvault.domain.StorageKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Use case: a multipart upload of a large artifact, reserved as a single presigned one is. Its upload is found again
 * by the artifact's key, so a client that crashed gets the same upload back with the parts the store already holds.
 */
public final class RequestPartedUpload implements RequestPartedUploadUseCase {
    private final RequestUpload requestUpload;
    private final GetJob getJob;
    private final ArtifactRepository artifacts;
    private final MultipartUploads uploads;
    private final AccessPolicy policy;
    private final Settings settings;

    public RequestPartedUpload(RequestUpload requestUpload, GetJob getJob, ArtifactRepository artifacts,
            MultipartUploads uploads, AccessPolicy policy, Settings settings) {
        this.requestUpload = requestUpload;
        this.getJob = getJob;
        this.artifacts = artifacts;
        this.uploads = uploads;
        this.policy = policy;
        this.settings = settings;
    }

    @Override
    public boolean inParts(Long size, boolean asked) {
        return asked || size != null && size > settings.threshold();
    }

    @Override
    public PartedUpload request(RequestUploadCommand command, long size) {
        PartPlan plan = PartPlan.of(size, settings.partSize());
        Artifact artifact = requestUpload.reserve(command).artifact();
        StorageKey key = artifact.key();
        var open = uploads.findOpen(key);
        String uploadId = open.orElseGet(() -> uploads.start(key));
        List<StoredPart> stored = open.isEmpty() ? List.of() : uploads.listParts(key, uploadId).stream()
                .map(p -> new StoredPart(p.number(), p.size(), p.eTag())).toList();
        Set<Integer> have = new HashSet<>();
        stored.forEach(p -> have.add(p.number()));
        List<PartUrl> urls = new ArrayList<>();
        for (int number = 1; number <= plan.partCount() && urls.size() < settings.partUrls(); number++) {
            if (!have.contains(number)) {
                urls.add(new PartUrl(number, uploads.presignPart(key, uploadId, number, settings.urlTtl(), null)));
            }
        }
        return new PartedUpload(artifact, uploadId, plan, urls, stored);
    }

    @Override
    public List<PartUrl> presignParts(Principal principal, JobId job, ArtifactId id, String uploadId, int from,
            int count, List<Checksum> sha256) {
        if (from < 1 || count < 1 || count > settings.partUrls() || from + count - 1 > PartPlan.MAX_PARTS) {
            throw new InvalidValue("from", "parts " + from + " to " + (from + count - 1) + " are not within 1 to "
                    + PartPlan.MAX_PARTS + ", at most " + settings.partUrls() + " at a time");
        }
        getJob.get(principal, job);
        Artifact artifact = artifacts.findById(id).filter(a -> a.belongsTo(job))
                .orElseThrow(() -> new ArtifactNotFound(id));
        policy.requireUpload(principal, artifact.identity());
        if (artifact.isStored()) {
            throw new ArtifactAlreadyExists(artifact.key());
        }
        List<PartUrl> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Checksum checksum = sha256 == null || i >= sha256.size() ? null : sha256.get(i);
            urls.add(new PartUrl(from + i, uploads.presignPart(artifact.key(), uploadId, from + i,
                    settings.urlTtl(), checksum)));
        }
        return urls;
    }

    /**
     * How large uploads are cut and signed.
     *
     * @param threshold declared sizes above it go in parts
     * @param partSize  preferred part size
     * @param partUrls  URLs handed out per request
     * @param urlTtl    lifetime of each URL
     */
    public record Settings(long threshold, long partSize, int partUrls, Duration urlTtl) {
    }
}
