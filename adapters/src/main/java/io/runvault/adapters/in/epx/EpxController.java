package io.runvault.adapters.in.epx;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.runvault.adapters.in.rest.OpenApiDefinition;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.AdapterSettings;
import io.runvault.adapters.in.epx.EpxViews.JobUrl;
import io.runvault.adapters.in.epx.EpxViews.Registered;
import io.runvault.adapters.in.epx.EpxViews.ResultUrl;
import io.runvault.adapters.in.epx.EpxViews.ResultUrls;
import io.runvault.adapters.in.epx.EpxViews.RunResponse;
import io.runvault.adapters.in.epx.EpxViews.RunResponses;
import io.runvault.adapters.in.epx.EpxViews.RunView;
import io.runvault.adapters.in.epx.EpxViews.Runs;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.ArtifactNotStored;
import io.runvault.application.ChecksumMismatch;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.CopyNotVerified;
import io.runvault.application.DatabaseUnavailable;
import io.runvault.application.Forbidden;
import io.runvault.application.IdempotencyKeyReused;
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
import io.runvault.application.StorageFailure;
import io.runvault.application.StorageUnavailable;
import io.runvault.application.StorageUnsupported;
import io.runvault.application.TokenNotFound;
import io.runvault.application.UploadAborted;
import io.runvault.application.UploadIncomplete;
import io.runvault.application.UploadRejected;
import io.runvault.application.ZipEntryNotFound;
import io.runvault.application.ZipEntryTooLarge;
import io.runvault.application.ZipEntryUnreadable;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.port.in.jobs.CreateJobUseCase;
import io.runvault.application.port.in.artifacts.DownloadArtifactUseCase;
import io.runvault.application.port.in.artifacts.DownloadArtifactUseCase.ResultDownload;
import io.runvault.application.port.in.jobs.GetJobUseCase;
import io.runvault.application.port.in.runs.ListRunsUseCase;
import io.runvault.application.port.in.artifacts.NoticeStagedUploadsUseCase;
import io.runvault.application.port.in.artifacts.RequestStagedUploadUseCase;
import io.runvault.application.port.in.artifacts.RequestUploadCommand;
import io.runvault.application.port.in.runs.SubmitRunsCommand;
import io.runvault.application.port.in.runs.SubmitRunsUseCase;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.DomainException;
import io.runvault.domain.IllegalTransition;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Epistemix API: the routes Epistemix's {@code epx} client calls, on the same use cases as /api/v1, so ownership,
 * scopes and create-only writes are exactly those of /api/v1. Only the wire differs: its shapes, its statuses, and
 * upload URLs its client can use with a plain PUT (staged, then stored create-only by Runvault).
 */
@Controller("${runvault.epx.base-path:" + AdapterSettings.Epx.BASE_PATH + "}")
@Tag(name = "epx")
@SecurityRequirement(name = OpenApiDefinition.EPX)
@ApiResponse(responseCode = "400", description = "a missing header, a bad body, or an unknown job (another "
        + "client's included)",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = EpxError.class)))
@ApiResponse(responseCode = "401", description = "no token, or an unknown one",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = EpxError.class)))
@ApiResponse(responseCode = "403", description = "a role that may not",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = EpxError.class)))
@ApiResponse(responseCode = "409", description = "a closed job, a stored file, or an outage",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = EpxError.class)))
@ExecuteOn(TaskExecutors.BLOCKING)
public class EpxController {
    private final CreateJobUseCase createJob;
    private final GetJobUseCase getJob;
    private final SubmitRunsUseCase submitRuns;
    private final ListRunsUseCase listRuns;
    private final RequestStagedUploadUseCase requestUpload;
    private final NoticeStagedUploadsUseCase noticeUploads;
    private final DownloadArtifactUseCase downloads;
    private final JsonMapper json;

    public EpxController(CreateJobUseCase createJob, GetJobUseCase getJob, SubmitRunsUseCase submitRuns,
            ListRunsUseCase listRuns, RequestStagedUploadUseCase requestUpload,
            NoticeStagedUploadsUseCase noticeUploads, DownloadArtifactUseCase downloads, JsonMapper json) {
        this.createJob = createJob;
        this.getJob = getJob;
        this.submitRuns = submitRuns;
        this.listRuns = listRuns;
        this.requestUpload = requestUpload;
        this.noticeUploads = noticeUploads;
        this.downloads = downloads;
        this.json = json;
    }

    /** {@code {"tags": […]}} → the new job. */
    @Post("/jobs/register")
    @Operation(operationId = "epxRegisterJob", summary = "Create a job",
            description = "Client or admin tokens, as `POST /api/v1/jobs`.")
    public Registered register(Principal principal, @Nullable @Body String body) {
        JsonNode tags = object(body).get("tags");
        List<String> values = new ArrayList<>();
        if (tags != null && !tags.isNull()) {
            if (!tags.isArray()) {
                throw new InvalidValue("tags", "must be a list of strings");
            }
            tags.values().forEach(tag -> values.add(tag.isString() ? tag.getStringValue() : null));
        }
        Job job = createJob.create(new CreateJobCommand(principal, new Tags(values)));
        return new Registered(job.id().value(), job.owner().value(), job.tags().values());
    }

    /** {@code {"jobId", "context": "job"|"run", "type": "input"|"config", "runId"?}} → a URL to PUT the file to. */
    @Post("/jobs")
    @Operation(operationId = "epxUploadUrl", summary = "A presigned URL to PUT a job or run file to",
            description = "The job's owner or an admin.")
    public JobUrl uploadUrl(Principal principal, @Nullable @Body String body) {
        JsonNode upload = object(body);
        String context = text(upload, "context");
        String type = text(upload, "type");
        ArtifactKind kind = switch (context + "/" + type) {
            case "job/input" -> ArtifactKind.JOB_INPUT;
            case "job/config" -> ArtifactKind.JOB_CONFIG;
            case "run/config" -> ArtifactKind.RUN_CONFIG;
            default -> throw new InvalidValue("context", "context/type must be job/input, job/config or run/config");
        };
        RunId run = kind.ofRun() ? new RunId(number(upload, "runId")) : null;
        var command = new RequestUploadCommand(principal, new JobId(number(upload, "jobId")), kind, run,
                Stage.FINAL);
        return new JobUrl(requestUpload.request(command).url().url().toString());
    }

    /** {@code {"runRequests": […]}}: each request becomes a run of its job, its configuration the request itself. */
    @Post("/runs")
    @Operation(operationId = "epxSubmitRuns", summary = "Add runs, one per request",
            description = "The job's owner or an admin.")
    public RunResponses submit(Principal principal, @Nullable @Body String body) {
        JsonNode requests = object(body).get("runRequests");
        if (requests == null || !requests.isArray() || requests.size() == 0) {
            throw new InvalidValue("runRequests", "must be a non-empty list");
        }
        Map<Long, List<JsonNode>> byJob = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode runRequest = requests.get(i);
            if (runRequest == null || !runRequest.isObject()) {
                throw new InvalidValue("runRequests[" + i + "]", "must be an object");
            }
            byJob.computeIfAbsent(number(runRequest, "jobId"), job -> new ArrayList<>()).add(runRequest);
        }
        List<RunResponse> responses = new ArrayList<>();
        byJob.forEach((job, runRequests) -> {
            JobId id = new JobId(job);
            // The input the client PUT just before is noticed first, so the job is SUBMITTED when its runs arrive.
            getJob.get(principal, id);
            noticeUploads.notice(id);
            List<Run> runs = submitRuns.submit(new SubmitRunsCommand(principal, id,
                    runRequests.stream().map(this::config).toList()));
            for (int i = 0; i < runs.size(); i++) {
                responses.add(new RunResponse(runs.get(i).id().value(), job, "Submitted", null, runRequests.get(i)));
            }
        });
        return new RunResponses(responses);
    }

    /** Every run of the job, as the client polls them, with its results URL once stored. */
    @Get("/runs")
    @Operation(operationId = "epxListRuns", summary = "A job's runs, unpaged",
            description = "Whoever sees the job.")
    public Runs runs(Principal principal, @Nullable @QueryValue("job_id") String jobId) {
        Job job = noticed(principal, jobId);
        Map<Long, String> results = resultUrls(principal, job.id());
        List<RunView> views = new ArrayList<>();
        all(page -> listRuns.list(principal, job.id(), page)).forEach(run -> views.add(RunView.of(run,
                job.owner().value(), parse(run.config().json()), results.get(run.id().value()))));
        return new Runs(views);
    }

    /** Presigned GETs of the job's stored results, one per run. */
    @Get("/jobs/results")
    @Operation(operationId = "epxResults", summary = "Presigned GETs of the runs' stored results",
            description = "Whoever sees the job.")
    public ResultUrls results(Principal principal, @Nullable @QueryValue("job_id") String jobId) {
        Job job = noticed(principal, jobId);
        List<ResultUrl> urls = new ArrayList<>();
        resultUrls(principal, job.id()).forEach((run, url) -> urls.add(new ResultUrl(run, url)));
        return new ResultUrls(urls);
    }

    /** Runvault's own failures, in the client's terms: an unknown job, run or artifact is a 400. */
    @Error(exception = RunvaultException.class)
    public HttpResponse<EpxError> failed(RunvaultException e) {
        HttpStatus status = switch (e) {
            case JobNotFound _, JobPurged _, RunNotFound _, ArtifactNotFound _ -> HttpStatus.BAD_REQUEST;
            case Forbidden _ -> HttpStatus.FORBIDDEN;
            case ArtifactAlreadyExists _, ArtifactNotStored _, ChecksumMismatch _, ConcurrentChange _,
                    CopyNotVerified _, DatabaseUnavailable _, IdempotencyKeyReused _, JobBeingPurged _, JobClosed _,
                    LastAdminToken _, OperationInProgress _, OperationNotFound _, StorageFailure _,
                    StorageUnavailable _, StorageUnsupported _, TokenNotFound _, UploadAborted _, UploadIncomplete _,
                    UploadRejected _, NotAZip _, ZipEntryNotFound _, ZipEntryTooLarge _, ZipEntryUnreadable _ ->
                    HttpStatus.CONFLICT;
        };
        return EpxError.respond(status, e.getMessage());
    }

    /** The domain's refusals, in the client's terms: a bad request is a 400. */
    @Error(exception = DomainException.class)
    public HttpResponse<EpxError> refused(DomainException e) {
        HttpStatus status = switch (e) {
            case InvalidValue _ -> HttpStatus.BAD_REQUEST;
            case IllegalTransition _ -> HttpStatus.CONFLICT;
        };
        return EpxError.respond(status, e.getMessage());
    }

    private Job noticed(Principal principal, String jobId) {
        if (jobId == null) {
            throw new InvalidValue("job_id", "is required");
        }
        long id;
        try {
            id = Long.parseLong(jobId);
        } catch (NumberFormatException e) {
            throw new InvalidValue("job_id", "must be a job id");
        }
        Job job = getJob.get(principal, new JobId(id));
        noticeUploads.notice(job.id());
        return job;
    }

    /** The newest final results URL per run, in run order. */
    private Map<Long, String> resultUrls(Principal principal, JobId job) {
        Map<Long, String> urls = new LinkedHashMap<>();
        for (ResultDownload result : all(page -> downloads.results(principal, job, page))) {
            if (result.artifact().identity().stage().equals(Stage.FINAL)) {
                urls.put(result.artifact().identity().run().value(), result.url().url().toString());
            }
        }
        return urls;
    }

    private static <T> List<T> all(Function<PageRequest, Page<T>> pages) {
        List<T> all = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<T> found = pages.apply(page);
            all.addAll(found.items());
            if (found.next() == null) {
                return all;
            }
            page = new PageRequest(found.next(), PageRequest.MAX_LIMIT);
        }
    }

    private JsonNode object(String body) {
        JsonNode node = body == null || body.isBlank() ? null : parseBody(body);
        if (node == null || !node.isObject()) {
            throw new InvalidValue("body", "must be a JSON object");
        }
        return node;
    }

    private JsonNode parseBody(String body) {
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidValue("body", "is not JSON");
        }
    }

    private JsonNode parse(String stored) {
        try {
            return json.readValue(stored, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RunConfig config(JsonNode runRequest) {
        try {
            return new RunConfig(json.writeValueAsString(runRequest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new InvalidValue(field, "is required");
        }
        return value.getStringValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new InvalidValue(field, "must be a number");
        }
        long id;
        try {
            id = value.getLongValue();
        } catch (RuntimeException e) {
            throw new InvalidValue(field, "must be a whole number");
        }
        if (id <= 0) {
            throw new InvalidValue(field, "must be positive");
        }
        return id;
    }
}
