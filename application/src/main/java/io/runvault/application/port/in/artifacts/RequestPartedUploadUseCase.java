package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.PartPlan;
import io.runvault.domain.Principal;
import io.runvault.domain.PresignedUrl;
import java.util.List;

/**
 * Use case: reserve a large artifact and hand out a multipart upload whose parts the client PUTs in parallel through
 * presigned URLs; asking again for the same artifact resumes its open upload with the parts already stored.
 */
public interface RequestPartedUploadUseCase {
    /** Whether a presigned upload of {@code size} bytes (null: undeclared) goes in parts; {@code asked} forces it. */
    boolean inParts(Long size, boolean asked);

    /** Starts the artifact's upload, or finds its open one, and presigns its first missing parts. */
    PartedUpload request(RequestUploadCommand command, long size);

    /**
     * URLs for parts {@code from} to {@code from + count - 1} of an open upload; {@code sha256} (optional, may be
     * shorter than {@code count}) holds the parts' checksums in the same order, for the store to hold them to.
     */
    List<PartUrl> presignParts(Principal principal, JobId job, ArtifactId artifact, String uploadId, int from,
            int count, List<Checksum> sha256);

    /** The upload: where it goes, how it is cut, URLs for parts still missing, and the parts already stored. */
    record PartedUpload(Artifact artifact, String uploadId, PartPlan plan, List<PartUrl> urls,
            List<StoredPart> stored) {
    }

    /** Where to PUT one part. */
    record PartUrl(int number, PresignedUrl url) {
    }

    /** A part the store already holds: a resuming client skips it. */
    record StoredPart(int number, long size, String eTag) {
    }
}
