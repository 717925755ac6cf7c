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
import io.runvault.adapters.in.rest.Views.ResultView;
import io.runvault.adapters.in.rest.Views.UploadView;
import io.runvault.application.UploadAborted;
import io.runvault.application.port.in.artifacts.CompleteUploadUseCase;
import io.runvault.application.port.in.artifacts.DownloadArtifactUseCase;
import io.runvault.application.port.in.artifacts.ListArtifactsUseCase;
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

    public ArtifactsController(RequestUploadUseCase requestUpload, CompleteUploadUseCase completeUpload,
            UploadResultsUseCase uploadResults, ListArtifactsUseCase listArtifacts, DownloadArtifactUseCase downloads,
            UploadBodies bodies) {
        this.requestUpload = requestUpload;
        this.completeUpload = completeUpload;
        this.uploadResults = uploadResults;
        this.listArtifacts = listArtifacts;
        this.downloads = downloads;
        this.bodies = bodies;
    }

    @Post("/jobs/{jobId}/uploads")
    public HttpResponse<UploadView> requestUpload(Principal caller, @PathVariable long jobId,
            @Body @Valid Requests.RequestUpload body) {
        var command = new RequestUploadCommand(caller, new JobId(jobId), ArtifactKind.fromWireName(body.kind()),
                body.runId() == null ? null : new RunId(body.runId()),
                Stage.orFinal(body.stage()),
                body.sha256() == null ? null : sha256(body.sha256()));
        var location = requestUpload.request(command);
        return HttpResponse.created(UploadView.of(location));
    }

    @Post("/jobs/{jobId}/uploads/{artifactId}/complete")
    public ArtifactView completeUpload(Principal caller, @PathVariable long jobId,
            @PathVariable long artifactId, @Nullable @Body Requests.CompleteUpload body) {
        Checksum expected = body == null || body.sha256() == null ? null : sha256(body.sha256());
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

    private static Checksum sha256(String hex) {
        try {
            return Checksum.sha256Hex(hex);
        } catch (InvalidValue e) {
            throw new InvalidValue("sha256", e.reason());
        }
    }
}
