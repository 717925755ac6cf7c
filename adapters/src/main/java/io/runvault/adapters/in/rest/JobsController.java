package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.rest.Views.JobView;
import io.runvault.application.port.in.jobs.CancelJobUseCase;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.port.in.jobs.CreateJobUseCase;
import io.runvault.application.port.in.jobs.GetJobUseCase;
import io.runvault.application.port.in.jobs.ListJobsUseCase;
import io.runvault.domain.JobFilter;
import io.runvault.domain.ApiToken;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import io.runvault.domain.Tags;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST: create, read, list and cancel jobs. */
@Controller("/api/v1/jobs")
@Tag(name = "jobs")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobsController {
    private final CreateJobUseCase createJob;
    private final GetJobUseCase getJob;
    private final ListJobsUseCase listJobs;
    private final CancelJobUseCase cancelJob;
    private final IdempotentPosts posts;
    private final StrictBodies.Reader<Requests.CreateJob> createBody;

    public JobsController(CreateJobUseCase createJob, GetJobUseCase getJob, ListJobsUseCase listJobs,
            CancelJobUseCase cancelJob, IdempotentPosts posts, StrictBodies bodies) {
        this.createJob = createJob;
        this.getJob = getJob;
        this.listJobs = listJobs;
        this.cancelJob = cancelJob;
        this.posts = posts;
        this.createBody = bodies.reader(Requests.CreateJob.class);
    }

    @Post
    @ReadsStrictJson
    @Operation(operationId = "createJob", summary = "Create a job",
            description = "Client or admin tokens; the caller owns the job. With an `Idempotency-Key`, a repeat of the "
                    + "same body answers the first response (`Idempotent-Replayed: true`) and creates nothing.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Requests.CreateJob.class),
            examples = @ExampleObject(value = "{\"tags\": [\"nightly\", \"model-b\"]}")))
    @ApiResponse(responseCode = "201", description = "the job, with its storage prefix",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class),
                    examples = @ExampleObject(value = "{\"id\": 42, \"owner\": \"alice\", \"tags\": "
                            + "[\"nightly\"], \"status\": \"CREATED\", "
                            + "\"createdAt\": \"2026-11-22T22:33:32Z\", \"storagePrefix\": "
                            + "\"jobs/42/2026/11/22/223332/\"}")))
    @ApiResponse(responseCode = "409", description = "`idempotency-key-reused`: the `Idempotency-Key` came with "
            + "another body",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> create(@Parameter(hidden = true) ApiToken token, @Body byte[] body,
            @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey) {
        // Bound here rather than by Micronaut: the strict check and the binding are then one pass over the body.
        Requests.CreateJob request = createBody.read(body);
        var principal = token.principal();
        var command = new CreateJobCommand(principal, new Tags(request.tags()));
        return posts.create(idempotencyKey, IdempotentPosts.scope(token, "POST /api/v1/jobs"), request,
                () -> createJob.checkAllowed(principal), () -> {
            var job = createJob.create(command);
            return new IdempotentPosts.Created(JobView.of(job), "/api/v1/jobs/" + job.id());
        });
    }

    @Get("/{id}")
    @Operation(operationId = "getJob", summary = "Read a job",
            description = "Its owner, a worker of the job, or an admin; to anyone else the job does not exist (404).")
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job, or one the caller may not see",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobView get(Principal caller, @PathVariable long id) {
        return JobView.of(getJob.get(caller, new JobId(id)));
    }

    /** Cancels the job and its unfinished runs → 200 with the job; again → the same; an ended job → 409. */
    @Post("/{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a job and its unfinished runs",
            description = "The job's owner or an admin. Again: the same answer; an ended job: 409.")
    @ApiResponse(responseCode = "404", description = "`job-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`illegal-transition`: the job has ended; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobView cancel(Principal caller, @PathVariable long id) {
        return JobView.of(cancelJob.cancel(caller, new JobId(id)));
    }

    @Get
    @Operation(operationId = "listJobs", summary = "List jobs, newest first",
            description = "Client tokens see their own jobs, admins every job. Paginated: `limit` (1-500, default 50) "
                    + "and the previous page's `nextCursor` as `cursor`.")
    public PageView<JobView> list(Principal caller, @Nullable @QueryValue String status,
            @Nullable @QueryValue String tag, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        var filter = new JobFilter(null, EnumParam.parse(JobStatus.class, "status", status), tag);
        return PageView.of(listJobs.list(caller, filter, Cursor.page(cursor, limit)), JobView::of);
    }
}
