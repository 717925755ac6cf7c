package io.runvault.adapters.in.rest;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.ArtifactNotStored;
import io.runvault.application.ChecksumMismatch;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.Forbidden;
import io.runvault.application.IdempotencyKeyReused;
import io.runvault.application.CopyNotVerified;
import io.runvault.application.DatabaseUnavailable;
import io.runvault.application.JobBeingPurged;
import io.runvault.application.JobClosed;
import io.runvault.application.JobNotFound;
import io.runvault.application.JobPurged;
import io.runvault.application.LastAdminToken;
import io.runvault.application.NotAZip;
import io.runvault.application.OperationInProgress;
import io.runvault.application.OperationNotFound;
import io.runvault.application.RunNotFound;
import io.runvault.application.RunvaultException;
import io.runvault.application.TokenNotFound;
import io.runvault.application.StorageFailure;
import io.runvault.application.StorageUnavailable;
import io.runvault.application.StorageUnsupported;
import io.runvault.application.UploadIncomplete;
import io.runvault.application.UploadAborted;
import io.runvault.application.UploadRejected;
import io.runvault.application.ZipEntryNotFound;
import io.runvault.application.ZipEntryTooLarge;
import io.runvault.application.ZipEntryUnreadable;
import jakarta.inject.Singleton;

/** Maps each failure a use case reports, once, to its problem+json status and stable type. */
@Produces(Problem.CONTENT_TYPE)
@Singleton
@Requires(classes = {RunvaultException.class, ExceptionHandler.class})
public class RunvaultExceptionHandler implements ExceptionHandler<RunvaultException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, RunvaultException e) {
        String at = request.getPath();
        Problem problem = switch (e) {
            case JobNotFound n -> Problem.of("job-not-found", "Job not found", 404, n.getMessage(), at);
            case RunNotFound n -> Problem.of("run-not-found", "Run not found", 404, n.getMessage(), at);
            case JobClosed c -> Problem.of("job-closed", "Job takes no more runs", 409, c.getMessage(), at);
            case ConcurrentChange c -> Problem.of("concurrent-change", "Changed concurrently", 409, c.getMessage(), at);
            case ArtifactAlreadyExists x -> Problem.of("artifact-exists",
                    "Artifact already stored with other content", 409, x.getMessage(), at);
            case ArtifactNotFound n -> Problem.of("artifact-not-found", "Artifact not found", 404, n.getMessage(), at);
            case ArtifactNotStored n -> Problem.of("artifact-not-stored", "Artifact not stored yet", 409,
                    n.getMessage(), at);
            case UploadIncomplete u -> Problem.of("upload-incomplete", "Nothing uploaded yet", 409, u.getMessage(), at);
            case UploadRejected r -> Problem.of("upload-rejected", "Upload is not of its kind", 422, r.getMessage(),
                    at);
            case ChecksumMismatch m -> Problem.of("checksum-mismatch", "Checksum does not match", 409, m.getMessage(),
                    at);
            case Forbidden f -> Problem.of("forbidden", "Not allowed", 403, f.getMessage(), at);
            case TokenNotFound n -> Problem.of("token-not-found", "Token not found", 404, n.getMessage(), at);
            case LastAdminToken l -> Problem.of("last-admin-token", "The last working admin token stays", 409,
                    l.getMessage(), at);
            case JobBeingPurged p -> Problem.of("job-being-purged", "Job is being purged", 409, p.getMessage(), at);
            case JobPurged p -> Problem.of("job-purged", "Job was purged", 410, p.getMessage(), at);
            case OperationNotFound n -> Problem.of("operation-not-found", "Operation not found", 404, n.getMessage(),
                    at);
            case OperationInProgress p -> Problem.of("operation-in-progress", "Another operation is running", 409,
                    p.getMessage(), at);
            case CopyNotVerified c -> Problem.of("copy-not-verified", "Copy does not match the original", 409,
                    c.getMessage(), at);
            case StorageUnsupported u -> Problem.of("storage-unsupported", "Not supported by the object store", 501,
                    u.getMessage(), at);
            case StorageFailure f -> Problem.of("storage-failure", "The object store failed the request", 502,
                    f.getMessage(), at);
            case UploadAborted a -> Problem.of("upload-aborted", "The upload's body stopped arriving",
                    a.timedOut() ? 408 : 400, a.getMessage(), at);
            case StorageUnavailable u -> Problem.of("storage-unavailable", "The object store is unavailable", 503,
                    u.getMessage() + ". Nothing was stored by this request; an artifact it reserved stays PENDING, "
                            + "and repeating the request after Retry-After completes it", at);
            case DatabaseUnavailable d -> Problem.of("database-unavailable", "The database is unavailable", 503,
                    d.getMessage() + ". A write this request had begun was rolled back, unless the connection "
                            + "dropped while it committed; repeat the request after Retry-After (with the same "
                            + "Idempotency-Key where it takes one)", at);
            case IdempotencyKeyReused r -> Problem.of("idempotency-key-reused",
                    "Idempotency-Key used with another request", 409, r.getMessage(), at);
            case NotAZip z -> Problem.of("not-a-zip", "Artifact is not a readable zip", 422, z.getMessage(), at);
            case ZipEntryNotFound n -> Problem.of("zip-entry-not-found", "No such entry in the zip", 404,
                    n.getMessage(), at);
            case ZipEntryTooLarge t -> Problem.of("zip-entry-too-large", "Zip entry too large to serve", 413,
                    t.getMessage(), at);
            case ZipEntryUnreadable u -> Problem.of("zip-entry-unreadable", "Zip entry not served", 422,
                    u.getMessage(), at);
        };
        return respond(problem);
    }

    /** The problem as a response, with Retry-After on the statuses that ask the caller to come back. */
    static HttpResponse<Problem> respond(Problem problem) {
        var response = HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(problem);
        if (problem.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, Problem.RETRY_AFTER_SECONDS);
        }
        return response;
    }
}
