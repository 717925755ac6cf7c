package io.runvault.adapters.in.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.MediaType;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/** RFC 9457 problem details; {@code type} is stable and safe for clients to switch on. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "RFC 9457 problem details; `type` is stable and safe for clients to switch on.")
public record Problem(
        @Schema(description = "what went wrong, stable: `urn:runvault:problem:` and a slug listed by each response",
                example = "urn:runvault:problem:job-not-found") String type,
        @Schema(description = "a short human-readable summary of the type", example = "Job not found") String title,
        @Schema(description = "the HTTP status", example = "404") int status,
        @Schema(description = "what happened in this occurrence", requiredMode = RequiredMode.NOT_REQUIRED,
                nullable = true, example = "job 42 not found") String detail,
        @Schema(description = "the request path", example = "/api/v1/jobs/42") String instance,
        @Schema(description = "the rejected inputs of an `invalid-request`, each with where and why",
                requiredMode = RequiredMode.NOT_REQUIRED) List<FieldError> errors) {
    public static final String CONTENT_TYPE = "application/problem+json";
    public static final MediaType MEDIA_TYPE = MediaType.of(CONTENT_TYPE);
    private static final String TYPE_PREFIX = "urn:runvault:problem:";
    /** What a 503 (the store or the database unavailable) asks clients to wait before repeating the request. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** One rejected input: where it was and why. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(
            @Schema(description = "the field, e.g. `runs[0].config.k`", requiredMode = RequiredMode.NOT_REQUIRED,
                    nullable = true) String field,
            @Schema(description = "why it was rejected") String message) {
    }

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, instance, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, List.copyOf(fieldErrors));
    }
}
