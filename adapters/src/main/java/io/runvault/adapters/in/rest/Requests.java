package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.runvault.application.port.in.runs.SubmitRunsCommand;
import io.runvault.domain.Tags;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.List;

/** JSON shapes the API accepts; the domain's value objects check the rest. */
final class Requests {
    private Requests() {
    }

    // The two bodies of the busiest routes are checked by hand where they are read (Tags, RunsController), naming
    // the same fields bean validation would: bean validation was a visible part of those routes' CPU (bench/RESULTS.md).

    /** Body of POST /jobs; {@link Tags} checks each tag and the count. */
    @Serdeable
    record CreateJob(@Nullable List<String> tags) {
    }

    /** One run of POST /jobs/{id}/runs: its configuration, any JSON object. */
    @Serdeable
    record RunRequest(@Nullable JsonNode config) {
    }

    /** Body of POST /jobs/{id}/runs: 1 to {@link SubmitRunsCommand#MAX_RUNS} runs, checked by RunsController. */
    @Serdeable
    record SubmitRuns(@Nullable List<RunRequest> runs) {
    }

    /**
     * Body of POST /jobs/{id}/uploads: which artifact to upload; runId for run-level kinds only; sha256, if given,
     * is signed into the upload URL; size, the bytes to come, makes a large upload a multipart one (as does
     * multipart: true).
     */
    @Serdeable
    record RequestUpload(@NotNull String kind,
            @Nullable @Positive @Serdeable.Deserializable(using = WholeNumber.class) Long runId, @Nullable String stage,
            @Nullable String sha256,
            @Nullable @Positive @Serdeable.Deserializable(using = WholeNumber.class) Long size,
            @Nullable Boolean multipart) {
    }

    /**
     * Body of POST /jobs/{id}/uploads/{artifactId}/complete: the uploadId the upload request answered (a single PUT's
     * starts with {@code put-}; any other is a multipart upload's) and the SHA-256 the client computed, if it did
     * (required for a multipart upload).
     */
    @Serdeable
    record CompleteUpload(@Nullable String sha256, @Nullable String uploadId) {
    }

    /** Body of POST /jobs/{id}/uploads/{artifactId}/parts: the parts' SHA-256s, in order from the first asked. */
    @Serdeable
    record PartChecksums(@Nullable List<String> sha256) {
    }

    /**
     * Body of POST /admin/tokens: a label, the role and name it acts as, for workers an optional scope, and an
     * optional expiry (an ISO-8601 instant).
     */
    @Serdeable
    record IssueToken(@NotNull String label, @NotNull String role, @NotNull String name,
            @Nullable @Positive @Serdeable.Deserializable(using = WholeNumber.class) Long jobId,
            @Nullable @Positive @Serdeable.Deserializable(using = WholeNumber.class) Long runId,
            @Nullable String expiresAt) {
    }

    /** Body of PATCH /runs/{id}. */
    @Serdeable
    record ChangeRunStatus(@NotNull @Pattern(regexp = "PENDING|RUNNING|DONE|FAILED|CANCELLED",
            message = "must be one of PENDING, RUNNING, DONE, FAILED, CANCELLED") String status) {
    }
}
