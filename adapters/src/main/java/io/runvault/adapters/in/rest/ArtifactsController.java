package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
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
import io.runvault.domain.Stage;
import jakarta.validation.Valid;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** REST: upload locations, server-side results uploads, artifact lists and downloads. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ArtifactsController {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactsController.class);
    private final RequestUploadUseCase requestUpload;
    private final CompleteUploadUseCase completeUpload;
    private final UploadResultsUseCase uploadResults;
    private final ListArtifactsUseCase listArtifacts;
    private final DownloadArtifactUseCase downloads;
    private final UploadBodies bodies;
    private final RequestPartedUploadUseCase requestParted;
    private final CompletePartedUploadUseCase completeParted;

    public ArtifactsController(RequestUploadUseCase requestUpload, CompleteUploadUseCase completeUpload,
            UploadResultsUseCase uploadResults, ListArtifactsUseCase listArtifacts, DownloadArtifactUseCase downloads,
            UploadBodies bodies, RequestPartedUploadUseCase requestParted,
            CompletePartedUploadUseCase completeParted) {
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

    /** Records an upload as stored once it is; with an uploadId, completes that multipart upload first. */
    @Post("/jobs/{jobId}/uploads/{artifactId}/complete")
    public ArtifactView completeUpload(Principal caller, @PathVariable long jobId,
            @PathVariable long artifactId, @Nullable @Body Requests.CompleteUpload body) {
        Checksum expected = body == null || body.sha256() == null ? null : sha256(body.sha256());
        if (body != null && body.uploadId() != null) {
            return ArtifactView.of(completeParted.complete(caller, new JobId(jobId), new ArtifactId(artifactId),
                    body.uploadId(), expected));
        }
        return ArtifactView.of(completeUpload.complete(caller, new JobId(jobId),
                new ArtifactId(artifactId), expected));
    }

    /**
     * On a virtual thread: the body arrives at the client's pace, and a slow or stalled client must not hold a thread
     * that authentication, reads or other uploads need.
     */
    @Put(value = "/jobs/{jobId}/runs/{runId}/results", consumes = MediaType.ALL)
    @ExecuteOn(TaskExecutors.VIRTUAL)
    public HttpResponse<ArtifactView> uploadResults(Principal caller, @PathVariable long jobId,
            @PathVariable long runId,
            @Nullable @QueryValue String stage, @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length,
            @Body InputStream body) {
        try (UploadBodies.Body watched = bodies.watch(body)) {
            try {
                var command = new UploadResultsCommand(caller, new JobId(jobId), new RunId(runId),
                        Stage.orFinal(stage), ZipStream.checked(watched),
                        length == null ? DeclaredLength.unknown() : DeclaredLength.of(length));
                var uploaded = uploadResults.upload(command);
                ArtifactView view = ArtifactView.of(uploaded.artifact());
                return uploaded.created() ? HttpResponse.created(view) : HttpResponse.ok(view);
            } catch (RuntimeException e) {
                if (watched.failure() == null) {
                    throw e;
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

    @Get("/jobs/{jobId}/artifacts")
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
    public HttpResponse<?> download(Principal caller, @PathVariable long artifactId) {
        var url = downloads.download(caller, new ArtifactId(artifactId));
        return HttpResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, url.url().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Get("/jobs/{jobId}/results")
    public PageView<ResultView> results(Principal caller, @PathVariable long jobId,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        return PageView.of(downloads.results(caller, new JobId(jobId), Cursor.page(cursor, limit)),
                ResultView::of);
    }

    /** More part URLs of an open multipart upload, optionally signed with the parts' SHA-256s. */
    @Post("/jobs/{jobId}/uploads/{artifactId}/parts")
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
