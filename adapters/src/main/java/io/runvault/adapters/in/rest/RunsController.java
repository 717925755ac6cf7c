package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.rest.Views.RunView;
import io.runvault.application.port.in.runs.ChangeRunStatusUseCase;
import io.runvault.application.port.in.runs.GetRunUseCase;
import io.runvault.application.port.in.runs.ListRunsUseCase;
import io.runvault.application.port.in.runs.SubmitRunsCommand;
import io.runvault.application.port.in.runs.SubmitRunsUseCase;
import io.runvault.domain.ApiToken;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;

/** REST: submit, read, list runs and move them along their lifecycle. */
@Controller("/api/v1")
@Tag(name = "runs")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
public class RunsController {
    private final SubmitRunsUseCase submitRuns;
    private final ListRunsUseCase listRuns;
    private final GetRunUseCase getRun;
    private final ChangeRunStatusUseCase changeRunStatus;
    private final IdempotentPosts posts;
    private final JsonMapper json;

    public RunsController(SubmitRunsUseCase submitRuns, ListRunsUseCase listRuns, GetRunUseCase getRun,
            ChangeRunStatusUseCase changeRunStatus, IdempotentPosts posts, JsonMapper json) {
        this.submitRuns = submitRuns;
        this.listRuns = listRuns;
        this.getRun = getRun;
        this.changeRunStatus = changeRunStatus;
        this.posts = posts;
        this.json = json;
    }

    @Post("/jobs/{jobId}/runs")
    @ReadsStrictJson
    @Operation(operationId = "submitRuns", summary = "Add runs to a job, all or nothing",
            description = "The job's owner or an admin; up to 1,000 runs, each with a JSON object as its config. "
                    + "With an `Idempotency-Key`, a repeat of the same body answers the first response and creates "
                    + "nothing.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Requests.SubmitRuns.class),
            examples = @ExampleObject(value = "{\"runs\": [{\"config\": {\"seed\": 1}}, {\"config\": {\"seed\": "
                    + "2}}]}")))
    @ApiResponse(responseCode = "201", description = "the new runs, numbered in commit order",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.RunsView.class),
                    examples = @ExampleObject(value = "{\"runs\": [{\"id\": 7, \"jobId\": 42, \"seq\": 1, "
                            + "\"config\": {\"seed\": 1}, \"status\": \"PENDING\", \"createdAt\": "
                            + "\"2026-11-22T22:34:01Z\"}]}")))
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job, or one the caller may not see",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-closed`: the job has ended; `job-being-purged`; "
            + "`idempotency-key-reused`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> submit(@Parameter(hidden = true) ApiToken token, @PathVariable long jobId,
            @Body byte[] body, @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey) {
        var principal = token.principal();
        RunsBody.Batch batch = RunsBody.read(body);
        var command = new SubmitRunsCommand(principal, new JobId(jobId), batch.configs());
        // Only a repeatable request needs its scope and the parsed form (whose hash must not depend on spacing or
        // key order).
        String scope = idempotencyKey == null ? null
                : IdempotentPosts.scope(token, "POST /api/v1/jobs/" + jobId + "/runs");
        Object request = idempotencyKey == null ? null : parsed(body);
        return posts.create(idempotencyKey, scope, request, () -> submitRuns.checkAllowed(principal,
                new JobId(jobId)), () -> new IdempotentPosts.Created(
                        rawJson(RunsBody.created(submitRuns.submit(command), batch)),
                        "/api/v1/jobs/" + jobId + "/runs"));
    }

    @Get("/jobs/{jobId}/runs")
    @Operation(operationId = "listRuns", summary = "List a job's runs in seq order",
            description = "Whoever sees the job: its owner, its workers (a run-scoped worker sees its run only), an "
                    + "admin. Paginated: `limit` and `cursor`.")
    @ApiResponse(responseCode = "404", description = "`job-not-found`: no such job, or one the caller may not see",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public PageView<RunView> list(Principal caller, @PathVariable long jobId,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        return PageView.of(listRuns.list(caller, new JobId(jobId), Cursor.page(cursor, limit)),
                this::view);
    }

    @Get("/jobs/{jobId}/runs/{runId}")
    @Operation(operationId = "getRunInJob", summary = "Read one run of a job",
            description = "Whoever sees the job and the run; a run of another job is a 404.")
    @ApiResponse(responseCode = "404", description = "`job-not-found`, `run-not-found`: no such job or run, or "
            + "one the caller may not see",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView getInJob(Principal caller, @PathVariable long jobId, @PathVariable long runId) {
        return view(getRun.get(caller, new JobId(jobId), new RunId(runId)));
    }

    @Get("/runs/{runId}")
    @Operation(operationId = "getRun", summary = "Read a run",
            description = "Whoever sees the run's job: its owner, its workers, an admin.")
    @ApiResponse(responseCode = "404", description = "`run-not-found`: no such run, or one the caller may not see",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView get(Principal caller, @PathVariable long runId) {
        return view(getRun.get(caller, new RunId(runId)));
    }

    @Patch("/runs/{runId}")
    @Operation(operationId = "changeRunStatus", summary = "Move a run along its lifecycle",
            description = "The run's worker or an admin; `PENDING → RUNNING → DONE/FAILED/CANCELLED`.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Requests.ChangeRunStatus.class),
            examples = @ExampleObject(value = "{\"status\": \"RUNNING\"}")))
    @ApiResponse(responseCode = "404", description = "`run-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`illegal-transition`: not a move the run's status allows; "
            + "`concurrent-change`; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView change(Principal caller, @PathVariable long runId,
            @Body @Valid Requests.ChangeRunStatus body) {
        return view(changeRunStatus.change(caller, new RunId(runId),
                EnumParam.parse(RunStatus.class, "status", body.status())));
    }

    private static IdempotentPosts.RawJson rawJson(RunsBody.Json json) {
        return new IdempotentPosts.RawJson(json.utf8(), json.length());
    }

    private Requests.SubmitRuns parsed(byte[] body) {
        try {
            return json.readValue(body, Requests.SubmitRuns.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RunView view(Run run) {
        try {
            return RunView.of(run, json.readValue(run.config().json(), JsonNode.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
