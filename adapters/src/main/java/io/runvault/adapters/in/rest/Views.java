package io.runvault.adapters.in.rest;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.runvault.application.port.in.artifacts.DownloadArtifactUseCase;
import io.runvault.application.port.in.artifacts.RequestPartedUploadUseCase;
import io.runvault.application.port.in.artifacts.RequestUploadUseCase;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Artifact;
import io.runvault.domain.Job;
import io.runvault.domain.Run;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON shapes the API returns. */
final class Views {
    private Views() {
    }

    /** A job as the API shows it, with the storage prefix all its artifacts go under. */
    @Serdeable
    record JobView(long id, String owner, List<String> tags, String status, String createdAt, String storagePrefix) {
        static JobView of(Job job) {
            return new JobView(job.id().value(), job.owner().value(), job.tags().values(), job.status().name(),
                    job.createdAt().toString(), job.prefix().value());
        }
    }

    /** A run as the API shows it. */
    @Serdeable
    record RunView(long id, long jobId, long seq, JsonNode config, String status, String createdAt) {
        static RunView of(Run run, JsonNode config) {
            return new RunView(run.id().value(), run.jobId().value(), run.seq(), config, run.status().name(),
                    run.createdAt().toString());
        }
    }

    /** A batch of runs just created. */
    @Serdeable
    record RunsView(List<RunView> runs) {
    }

    /** An artifact with where it is stored and, once stored, its size and checksum. */
    @Serdeable
    record ArtifactView(long id, long jobId, Long runId, String kind, String stage, String key, String state,
            Long size, String sha256, Long seq) {
        static ArtifactView of(Artifact artifact) {
            var identity = artifact.identity();
            return new ArtifactView(artifact.id().value(), identity.job().value(),
                    identity.run() == null ? null : identity.run().value(), identity.kind().wireName(),
                    identity.stage().value(), artifact.key().value(), artifact.state().name(), artifact.size(),
                    artifact.checksum() == null ? null : artifact.checksum().value(), artifact.seq());
        }
    }

    /**
     * Where to PUT an artifact's bytes, the headers to send with them, and until when; {@code uploadId} names this
     * upload when completing it.
     */
    /** A completion still at work, answered 202 to a client that asked for {@code Prefer: respond-async}. */
    @Serdeable
    record CompletingView(long artifactId, String uploadId, String state) {
    }

    @Serdeable
    record UploadView(long artifactId, String uploadId, String method, String url, Map<String, String> headers,
            String key, String expiresAt) {
        static UploadView of(RequestUploadUseCase.UploadLocation location) {
            return new UploadView(location.artifact().id().value(), location.uploadId().value(), "PUT",
                    location.url().url().toString(), new TreeMap<>(location.url().headers()),
                    location.artifact().key().value(), location.url().expiresAt().toString());
        }
    }

    /** A multipart upload: its id, how to cut the bytes, URLs for missing parts, and the parts stored already. */
    @Serdeable
    record PartedUploadView(long artifactId, String key, String uploadId, long size, long partSize, int partCount,
            List<PartUrlView> parts, List<StoredPartView> storedParts) {
        static PartedUploadView of(RequestPartedUploadUseCase.PartedUpload upload) {
            return new PartedUploadView(upload.artifact().id().value(), upload.artifact().key().value(),
                    upload.uploadId(), upload.plan().size(), upload.plan().partSize(), upload.plan().partCount(),
                    upload.urls().stream().map(PartUrlView::of).toList(),
                    upload.stored().stream().map(p -> new StoredPartView(p.number(), p.size(), p.eTag())).toList());
        }
    }

    /** Where to PUT one part, with the headers signed into the URL. */
    @Serdeable
    record PartUrlView(int partNumber, String method, String url, Map<String, String> headers, String expiresAt) {
        static PartUrlView of(RequestPartedUploadUseCase.PartUrl part) {
            return new PartUrlView(part.number(), "PUT", part.url().url().toString(),
                    new TreeMap<>(part.url().headers()), part.url().expiresAt().toString());
        }
    }

    /** A part the store holds; its ETag is what the store answered to its PUT. */
    @Serdeable
    record StoredPartView(int partNumber, long size, String eTag) {
    }

    /** A run's stored results and a short-lived URL to fetch them. */
    @Serdeable
    record ResultView(long artifactId, long runId, String stage, long size, String sha256, String url,
            String expiresAt) {
        static ResultView of(DownloadArtifactUseCase.ResultDownload result) {
            var artifact = result.artifact();
            return new ResultView(artifact.id().value(), artifact.identity().run().value(),
                    artifact.identity().stage().value(), artifact.size(), artifact.checksum().value(),
                    result.url().url().toString(), result.url().expiresAt().toString());
        }
    }

    /** An API token without its secret, except in the one response that creates it. */
    @Serdeable
    record TokenView(long id, String label, String role, String name, Long jobId, Long runId, String prefix,
            String createdAt, String expiresAt, String revokedAt, String token) {
        static TokenView of(ApiToken token, String secret) {
            var principal = token.principal();
            return new TokenView(token.id().value(), token.label(), principal.role().name(), principal.name().value(),
                    principal.jobScope() == null ? null : principal.jobScope().value(),
                    principal.runScope() == null ? null : principal.runScope().value(), token.prefix(),
                    token.createdAt().toString(), token.expiresAt() == null ? null : token.expiresAt().toString(),
                    token.revokedAt() == null ? null : token.revokedAt().toString(), secret);
        }
    }
}
