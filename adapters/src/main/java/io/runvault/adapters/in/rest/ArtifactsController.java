package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.rest.Views.ArtifactView;
import io.runvault.adapters.in.rest.Views.CompletingView;
import io.runvault.adapters.in.rest.Views.PartUrlView;
import io.runvault.adapters.in.rest.Views.PartedUploadView;
import io.runvault.adapters.in.rest.Views.ResultView;
import io.runvault.adapters.in.rest.Views.UploadView;
import io.runvault.application.UploadAborted;
import io.runvault.application.port.in.artifacts.CompletePartedUploadUseCase;
import io.runvault.application.port.in.artifacts.CompleteUploadUseCase;
import io.runvault.application.port.in.artifacts.DownloadArtifactUseCase;
import io.runvault.application.port.in.artifacts.ListArtifactsUseCase;
import io.runvault.application.port.in.artifacts.RequestPartedUploadUseCase;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.in.artifacts.RequestUploadUseCase;
import io.runvault.application.port.in.artifacts.UploadResultsCommand;
import io.runvault.application.port.in.artifacts.UploadResultsUseCase;
import io.runvault.application.port.in.artifacts.UploadResultsUseCase.UploadedResults;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.RunId;
import io.runvault.domain.SingleUploadId;
import io.runvault.domain.Stage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** REST: upload locations, server-side results uploads, artifact lists and downloads. */
@Controller("/api/v1")
@Tag(name = "artifacts")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
public class ArtifactsController {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactsController.class);
    /** A results body up to this declared length is read whole before anything else is done with it. */
    static final int SMALL_BODY = 1 << 20;
    private static final int FIRST_READ = 16 * 1024;
    private static final String PREFER = "Prefer";
    private static final String PREFERENCE_APPLIED = "Preference-Applied";
    private final RequestUploadUseCase requestUpload;
    private final CompleteUploadUseCase completeUpload;
    private final UploadResultsUseCase uploadResults;
    private final ListArtifactsUseCase listArtifacts;
    private final DownloadArtifactUseCase downloads;
    private final UploadBodies bodies;
    private final RequestPartedUploadUseCase requestParted;
    private final CompletePartedUploadUseCase completeParted;
    private final ExecutorService blocking;
    private final BackgroundCompletions completions;

    public ArtifactsController(RequestUploadUseCase requestUpload, CompleteUploadUseCase completeUpload,
            UploadResultsUseCase uploadResults, ListArtifactsUseCase listArtifacts, DownloadArtifactUseCase downloads,
            UploadBodies bodies, RequestPartedUploadUseCase requestParted,
            CompletePartedUploadUseCase completeParted, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
            BackgroundCompletions completions) {
        this.blocking = blocking;
        this.completions = completions;
        this.requestUpload = requestUpload;
        this.completeUpload = completeUpload;
        this.requestParted = requestParted;
        this.completeParted = completeParted;
        this.uploadResults = uploadResults;
        this.listArtifacts = listArtifacts;
        this.downloads = downloads;
        this.bodies = bodies;
    }

    /**
     * Reserves an artifact and answers where to upload it: one presigned PUT, or for a declared size above the
     * multipart threshold (or {@code "multipart": true}) a multipart upload with part URLs, resumed when one is open.
     */
    @Post("/jobs/{jobId}/uploads")
    @Operation(operationId = "requestUpload", summary = "Reserve an artifact and get a presigned upload URL",
            description = "What the owner supplies (`job_input`, `job_config`, `run_config`): the job's owner or an "
                    + "admin; what a run produces (`run_results`, `run_logs`): the run's worker or an admin. PUT the "
                    + "bytes to `url` with `headers` before `expiresAt`, then complete with `uploadId`. The URL is "
                    + "this upload's own staging key, never the artifact's key.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Requests.RequestUpload.class),
            examples = @ExampleObject(value = "{\"kind\": \"job_input\", \"stage\": \"final\"}")))
    @ApiResponse(responseCode = "201", description = "the reserved artifact and where to PUT it",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = Views.UploadView.class)))
    @ApiResponse(responseCode = "404", description = "`job-not-found`, `run-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-closed`, `artifact-exists`, `concurrent-change`, "
            + "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> requestUpload(Principal caller, @PathVariable long jobId,
            @Body @Valid Requests.RequestUpload body) {
        var command = new RequestUploadCommand(caller, new JobId(jobId), ArtifactKind.fromWireName(body.kind()),
                body.runId() == null ? null : new RunId(body.runId()),
                Stage.orFinal(body.stage()),
                body.sha256() == null ? null : sha256(body.sha256()));
        if (requestParted.inParts(body.size(), Boolean.TRUE.equals(body.multipart()))) {
            if (body.size() == null) {
                throw new InvalidValue("size", "must be declared for a multipart upload");
            }
            return HttpResponse.created(PartedUploadView.of(requestParted.request(command, body.size())));
        }
        var location = requestUpload.request(command);
        return HttpResponse.created(UploadView.of(location));
    }

    /**
     * Records an upload as stored: a single PUT's upload (its id starts with {@code put-}) is copied from its staging
     * key under the write claim; any other uploadId is a multipart upload's, completed first.
     */
    @Post("/jobs/{jobId}/uploads/{artifactId}/complete")
    @Operation(operationId = "completeUpload", summary = "Record a presigned upload as stored",
            description = "Whoever may upload the artifact (as for the reservation). `uploadId` is the one the upload "
                    + "request answered. Under the artifact's write claim the upload is moved to the artifact's key, "
                    + "hashed there, compared with `sha256` if given, and the artifact marked `STORED` (201). Another "
                    + "upload stored first: the same bytes → 200, other bytes → 409 `artifact-exists`. A multipart "
                    + "upload answers 200 when stored. With `Prefer: respond-async` (RFC 7240; optionally `wait=N`, "
                    + "seconds, at most 60) the completion goes on beside the request, which is answered 202 unless it "
                    + "ends within `wait`: send the same completion again to be answered its outcome.")
    @Parameter(name = "Prefer", in = ParameterIn.HEADER, required = false,
            description = "`respond-async`, optionally with `wait=N`: answer 202 rather than hold the request for a "
                    + "completion that takes longer than N seconds (default 0)",
            schema = @Schema(type = "string"), example = "respond-async, wait=10")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Requests.CompleteUpload.class),
            examples = @ExampleObject(value = "{\"uploadId\": \"put-3f9c2a7e5b1d4c6f8a0e2b4d6f8a1c3e\", "
                    + "\"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}")))
    @ApiResponse(responseCode = "201", description = "this upload's bytes were stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ArtifactView.class)))
    @ApiResponse(responseCode = "200", description = "the same bytes were already stored (or a multipart upload "
            + "was completed)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ArtifactView.class)))
    @ApiResponse(responseCode = "202", description = "asked with `Prefer: respond-async`: still completing; send "
            + "the same completion again (`Retry-After` says when)",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = CompletingView.class)))
    @ApiResponse(responseCode = "400", description = "`invalid-request`: no `uploadId`, or one this server did not "
            + "issue; a multipart upload without `sha256` or with a missing part",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "`job-not-found`, `artifact-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`upload-incomplete`: nothing was PUT yet; "
            + "`artifact-exists`: another upload's other bytes are stored; `checksum-mismatch` (nothing kept); "
            + "`job-closed`; `concurrent-change`: send the completion again; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "`upload-rejected`: `run_results` that are not a zip (deleted)",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "502", description = "`storage-failure`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> completeUpload(Principal caller, @PathVariable long jobId, @PathVariable long artifactId,
            @Nullable @Body Requests.CompleteUpload body, HttpRequest<?> request) {
        Checksum expected = body == null || body.sha256() == null ? null : sha256(body.sha256());
        String uploadId = body == null ? null : body.uploadId();
        JobId job = new JobId(jobId);
        ArtifactId artifact = new ArtifactId(artifactId);
        boolean parted = uploadId != null && !SingleUploadId.isOne(uploadId);
        SingleUploadId single = uploadId == null || parted ? null : new SingleUploadId(uploadId);
        Supplier<BackgroundCompletions.Completed> work = parted
                ? () -> new BackgroundCompletions.Completed(completeParted.complete(caller, job, artifact, uploadId,
                        expected), false)
                : () -> {
                    var completed = completeUpload.complete(caller, job, artifact, single, expected);
                    return new BackgroundCompletions.Completed(completed.artifact(), completed.created());
                };
        AsyncPreference preference = AsyncPreference.of(request.getHeaders().getAll(PREFER));
        if (!preference.respondAsync()) {
            return completedAnswer(work.get());
        }
        // Refused now rather than after a 202: what the caller may not do, or sent without, is no work to start.
        if (parted) {
            completeParted.check(caller, job, artifact, uploadId, expected);
        } else {
            completeUpload.check(caller, job, artifact, single);
        }
        var key = new BackgroundCompletions.Key(artifactId, uploadId, expected == null ? null : expected.value());
        return completions.await(key, work, preference.holdFor()).<HttpResponse<?>>map(this::completedAnswer)
                .orElseGet(() -> HttpResponse.accepted()
                        .header(PREFERENCE_APPLIED, "respond-async")
                        .header(HttpHeaders.RETRY_AFTER, "1")
                        .body(new CompletingView(artifactId, uploadId, "COMPLETING")));
    }

    /** Created (201) when this upload's bytes were stored; the same bytes stored before, or a multipart upload: 200. */
    private HttpResponse<ArtifactView> completedAnswer(BackgroundCompletions.Completed completed) {
        ArtifactView view = ArtifactView.of(completed.artifact());
        return completed.created() ? HttpResponse.created(view) : HttpResponse.ok(view);
    }

    /**
     * On a virtual thread: the body arrives at the client's pace, and a slow or stalled client must not hold a thread
     * that authentication, reads or other uploads need.
     */
    @Put(value = "/jobs/{jobId}/runs/{runId}/results", consumes = MediaType.ALL)
    @Operation(operationId = "uploadResults", summary = "Upload a run's results, streamed through the server",
            description = "The run's worker or an admin. The body (a zip) streams to storage and is never buffered "
                    + "whole; `final` results move the run to `DONE`. The same bytes again: 200; other bytes: 409.")
    @RequestBody(required = true, description = "the results zip", content = {
        @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "201", description = "stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ArtifactView.class)))
    @ApiResponse(responseCode = "200", description = "the same bytes were already stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ArtifactView.class)))
    @ApiResponse(responseCode = "404", description = "`job-not-found`, `run-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "408", description = "`upload-aborted`: the body sent nothing for the idle "
            + "timeout; nothing stored",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`artifact-exists`: other bytes are stored; "
            + "`concurrent-change`: the first writer stored nothing, send again; `job-closed`; "
            + "`illegal-transition`; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "`upload-rejected`: the body is not a zip",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "502", description = "`storage-failure`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ExecuteOn(TaskExecutors.VIRTUAL)
    public HttpResponse<ArtifactView> uploadResults(Principal caller, @PathVariable long jobId,
            @PathVariable long runId,
            @Nullable @QueryValue String stage, @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length,
            @Body InputStream body) {
        try (UploadBodies.Body watched = bodies.watch(body)) {
            try {
                InputStream content = ZipStream.checked(watched);
                boolean small = length != null && length <= SMALL_BODY;
                if (small) {
                    content = new ByteArrayInputStream(readWhole(content, length.intValue()));
                }
                var command = new UploadResultsCommand(caller, new JobId(jobId), new RunId(runId),
                        Stage.orFinal(stage), content,
                        length == null ? DeclaredLength.unknown() : DeclaredLength.of(length));
                var uploaded = small ? onBlockingThread(command) : uploadResults.upload(command);
                ArtifactView view = ArtifactView.of(uploaded.artifact());
                return uploaded.created() ? HttpResponse.created(view) : HttpResponse.ok(view);
            } catch (IOException | RuntimeException e) {
                if (watched.failure() == null) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
                }
                // The client's side of the exchange broke: an ordinary event on a slow link, worth a line, not a trace.
                LOG.warn("results upload to job {} run {} aborted after reading part of its body: {}", jobId, runId,
                        watched.failure().getMessage() == null ? watched.failure().getClass().getSimpleName()
                                : watched.failure().getMessage());
                throw new UploadAborted("the body stopped arriving: " + watched.failure().getMessage(),
                        watched.timedOut());
            }
        }
    }

    /**
     * A small body, read at the client's pace on this virtual thread before any claim is taken: a client that stalls
     * holds no write claim, so a writer of the same artifact that sends its whole body is not kept waiting for it. The
     * array grows with what arrives, never to the declared length up front. A body that ends early is passed on short,
     * and the store's write refuses it as it refuses any body shorter than declared.
     */
    private static byte[] readWhole(InputStream body, int declared) throws IOException {
        byte[] buffer = new byte[Math.min(declared, FIRST_READ)];
        int filled = 0;
        while (filled < declared) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, declared));
            }
            int n = body.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
    }

    /**
     * Runs a small upload, its body already in memory, on the blocking pool's platform threads: all that is left are
     * round trips to the database and the store, and a platform thread waits for a socket in the kernel, where a
     * virtual one parks and is woken through the JDK's poller and a carrier thread, at a few more system calls and
     * context switches per round trip.
     */
    private UploadedResults onBlockingThread(UploadResultsCommand command) {
        Future<UploadedResults> running = blocking.submit(() -> uploadResults.upload(command));
        try {
            return running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the upload was being written", e);
        }
    }

    @Get("/jobs/{jobId}/artifacts")
    @Operation(operationId = "listArtifacts", summary = "List a job's artifacts",
            description = "Whoever sees the job (a run-scoped worker: the job's and its run's artifacts), in the "
                    + "order they were stored. Paginated: `limit` and `cursor`.")
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job, or one the caller may not see",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public PageView<ArtifactView> list(Principal caller, @PathVariable long jobId,
            @Nullable @QueryValue String kind,
            @Nullable @QueryValue String state, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue Integer limit) {
        var filter = new ArtifactFilter(kind == null ? null : ArtifactKind.fromWireName(kind),
                EnumParam.parse(ArtifactState.class, "state", state));
        return PageView.of(listArtifacts.list(caller, new JobId(jobId), filter,
                Cursor.page(cursor, limit)), ArtifactView::of);
    }

    @Get("/artifacts/{artifactId}/download")
    @Operation(operationId = "downloadArtifact", summary = "Redirect to a short-lived presigned GET",
            description = "Whoever sees the artifact.")
    @ApiResponse(responseCode = "302", description = "the presigned GET",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location",
                    schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "404", description = "`artifact-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`artifact-not-stored`: still pending; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> download(Principal caller, @PathVariable long artifactId) {
        var url = downloads.download(caller, new ArtifactId(artifactId));
        return HttpResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, url.url().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Get("/jobs/{jobId}/results")
    @Operation(operationId = "listResults", summary = "Presigned GETs for every run's stored results",
            description = "Whoever sees the job. Paginated: `limit` and `cursor`.")
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job, or one the caller may not see",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public PageView<ResultView> results(Principal caller, @PathVariable long jobId,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        return PageView.of(downloads.results(caller, new JobId(jobId), Cursor.page(cursor, limit)),
                ResultView::of);
    }

    /** More part URLs of an open multipart upload, optionally signed with the parts' SHA-256s. */
    @Post("/jobs/{jobId}/uploads/{artifactId}/parts")
    @Operation(operationId = "presignParts", summary = "More presigned part URLs of an open multipart upload",
            description = "Whoever reserved the upload may (as for `requestUpload`). `from` and `count` pick the "
                    + "parts; a body `{\"sha256\": [...]}` signs each part's checksum.")
    @ApiResponse(responseCode = "404", description = "`job-not-found`; `artifact-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-closed`; `artifact-exists`; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<PartUrlView> parts(Principal caller, @PathVariable long jobId,
            @PathVariable long artifactId, @QueryValue String uploadId, @QueryValue int from,
            @QueryValue int count, @Nullable @Body Requests.PartChecksums body) {
        var checksums = body == null || body.sha256() == null ? null
                : body.sha256().stream().map(ArtifactsController::sha256).toList();
        return requestParted.presignParts(caller, new JobId(jobId), new ArtifactId(artifactId), uploadId, from,
                count, checksums).stream().map(PartUrlView::of).toList();
    }

    private static Checksum sha256(String hex) {
        try {
            return Checksum.sha256Hex(hex);
        } catch (InvalidValue e) {
            throw new InvalidValue("sha256", e.reason());
        }
    }
}
