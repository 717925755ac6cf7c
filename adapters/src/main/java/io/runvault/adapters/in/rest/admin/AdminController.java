package io.runvault.adapters.in.rest.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.rest.Cursor;
import io.runvault.adapters.in.rest.PageView;
import io.runvault.adapters.in.rest.Problem;
import io.runvault.adapters.in.rest.ProblemResponses;
import io.runvault.adapters.in.rest.admin.AdminViews.AuditView;
import io.runvault.adapters.in.rest.admin.AdminViews.LifecycleView;
import io.runvault.adapters.in.rest.admin.AdminViews.ManifestEntryView;
import io.runvault.adapters.in.rest.admin.AdminViews.OperationView;
import io.runvault.adapters.in.rest.admin.AdminViews.RuleView;
import io.runvault.adapters.in.rest.admin.AdminViews.VerifyStartedView;
import io.runvault.application.port.in.operations.AuditUseCase;
import io.runvault.application.port.in.operations.GetOperationUseCase;
import io.runvault.application.port.in.operations.InstallLifecycleUseCase;
import io.runvault.application.port.in.artifacts.JobManifestUseCase;
import io.runvault.application.port.in.operations.StartOperationUseCase;
import io.runvault.application.port.in.operations.VerifyJobsUseCase;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.Principal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * REST: admin actions on a job's artifacts (archive, restore, purge, verify, manifest), their operations, the bucket
 * lifecycle and the audit log. Each use case checks that its caller is an admin; the authentication filter answers
 * non-admins on {@code /api/v1/admin/**} with a 403 before any body is read.
 */
@Controller("/api/v1/admin")
@Tag(name = "admin")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminController {
    static final String OPERATIONS = "/api/v1/admin/operations/";

    private final StartOperationUseCase startOperation;
    private final GetOperationUseCase getOperation;
    private final JobManifestUseCase manifest;
    private final InstallLifecycleUseCase lifecycle;
    private final AuditUseCase audit;
    private final VerifyJobsUseCase verifyJobs;

    public AdminController(StartOperationUseCase startOperation, GetOperationUseCase getOperation,
            JobManifestUseCase manifest, InstallLifecycleUseCase lifecycle, AuditUseCase audit,
            VerifyJobsUseCase verifyJobs) {
        this.verifyJobs = verifyJobs;
        this.startOperation = startOperation;
        this.getOperation = getOperation;
        this.manifest = manifest;
        this.lifecycle = lifecycle;
        this.audit = audit;
    }

    @Post("/jobs/{id}/archive")
    @Operation(operationId = "archiveJob", summary = "Archive a job's stored artifacts",
            description = "Admin tokens only. Copies each to `archive/<key>`, verifies it, records it, then "
                    + "deletes the original.")
    @ApiResponse(responseCode = "202", description = "the operation, running in the background; asked again while "
            + "unfinished, the same operation resumed",
            headers = @Header(name = "Location", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OperationView.class)))
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`operation-in-progress`: another kind of operation runs on "
            + "the job; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<OperationView> archive(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.ARCHIVE, id);
    }

    @Post("/jobs/{id}/restore")
    @Operation(operationId = "restoreJob", summary = "Restore a job's archived artifacts",
            description = "Admin tokens only. Copies archived artifacts back to their original keys; the archived "
                    + "copies stay.")
    @ApiResponse(responseCode = "202", description = "the operation, running in the background; asked again while "
            + "unfinished, the same operation resumed",
            headers = @Header(name = "Location", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OperationView.class)))
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`operation-in-progress`; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<OperationView> restore(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.RESTORE, id);
    }

    @Delete("/jobs/{id}")
    @Operation(operationId = "purgeJob", summary = "Purge a job",
            description = "Admin tokens only. The job becomes `PURGING` at once; its objects, then its rows go "
                    + "and a tombstone stays.")
    @ApiResponse(responseCode = "202", description = "the operation, running in the background; asked again while "
            + "unfinished, the same operation resumed",
            headers = @Header(name = "Location", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OperationView.class)))
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`operation-in-progress`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<OperationView> purge(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.PURGE, id);
    }

    /** The scrub: compares each stored artifact's object with its row and lists drift, repairing nothing. */
    @Post("/jobs/{id}/verify")
    @Operation(operationId = "verifyJob", summary = "Verify a job's stored artifacts against their rows",
            description = "Admin tokens only. Drift is listed in the operation's `failures[]` and the audit log, "
                    + "never repaired.")
    @ApiResponse(responseCode = "202", description = "the operation, running in the background; asked again while "
            + "unfinished, the same operation resumed",
            headers = @Header(name = "Location", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OperationView.class)))
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`operation-in-progress`; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<OperationView> verify(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.VERIFY, id);
    }

    /** The scrub of all jobs, a page of jobs per request: each gets its verify operation; nextCursor goes on. */
    @Post("/verify")
    @Operation(operationId = "verifyAllJobs", summary = "Verify one page of jobs",
            description = "Admin tokens only. Each job of the page (newest first) gets its verify operation; "
                    + "`nextCursor` goes on.")
    @ApiResponse(responseCode = "202", description = "the page of jobs and the operation each got, or why not",
            useReturnTypeSchema = true)
    public HttpResponse<PageView<VerifyStartedView>> verifyAll(Principal caller,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        return HttpResponse.<PageView<VerifyStartedView>>status(HttpStatus.ACCEPTED)
                .body(PageView.of(verifyJobs.verify(caller, Cursor.page(cursor, limit)),
                        VerifyStartedView::of));
    }

    /** On a virtual thread: a reader waiting for an operation's end holds no thread of the blocking pool. */
    @Get("/operations/{id}")
    @ExecuteOn(TaskExecutors.VIRTUAL)
    @Operation(operationId = "getOperation", summary = "Read an operation",
            description = "Admin tokens only. Its kind, state, progress and failures, and which server holds its "
                    + "claim. With `wait` (an ISO-8601 duration up to `PT30S`, e.g. `PT5S`), a RUNNING operation is "
                    + "answered as soon as it is no longer RUNNING, or as it is once `wait` has passed.")
    @ApiResponse(responseCode = "404", description = "`operation-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public OperationView operation(Principal caller, @PathVariable long id, @Nullable @QueryValue String wait) {
        return OperationView.of(getOperation.get(caller, new OperationId(id), waitOf(wait)));
    }

    private static Duration waitOf(String wait) {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(wait);
        } catch (DateTimeParseException e) {
            throw new InvalidValue("wait", "is not an ISO-8601 duration such as PT5S");
        }
    }

    @Get("/jobs/{id}/manifest")
    @Operation(operationId = "jobManifest", summary = "List a job's stored artifacts with their locations",
            description = "Admin tokens only. Each with key, size, SHA-256, location and a presigned GET. "
                    + "Paginated: `limit` and `cursor`.")
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public PageView<ManifestEntryView> manifest(Principal caller, @PathVariable long id,
            @Nullable @QueryValue String cursor,
            @Nullable @QueryValue Integer limit) {
        return PageView.of(manifest.manifest(caller, new JobId(id), Cursor.page(cursor, limit)),
                ManifestEntryView::of);
    }

    @Post("/storage/lifecycle")
    @Operation(operationId = "installLifecycle", summary = "Install the bucket's lifecycle rules",
            description = "Admin tokens only. Replaces only Runvault's own rules (`runvault-*`) and keeps the "
                    + "bucket's others.")
    @ApiResponse(responseCode = "501", description = "`storage-unsupported`: the store has no lifecycle rules",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "502", description = "`storage-failure`: the store refused",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public LifecycleView installLifecycle(Principal caller) {
        return new LifecycleView(lifecycle.install(caller).stream().map(RuleView::of).toList());
    }

    @Get("/audit")
    @Operation(operationId = "listAudit", summary = "Read the audit log, newest first",
            description = "Admin tokens only. Paginated: `limit` and `cursor`.")
    public PageView<AuditView> audit(Principal caller, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue Integer limit) {
        return PageView.of(audit.list(caller, Cursor.page(cursor, limit)), AuditView::of);
    }

    /** 202: the work goes on in the background; the Location is where to watch it. */
    private HttpResponse<OperationView> start(Principal caller, OperationKind kind, long job) {
        var operation = startOperation.start(kind, new JobId(job), caller);
        return HttpResponse.<OperationView>status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.LOCATION, OPERATIONS + operation.id())
                .body(OperationView.of(operation));
    }
}
