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

/** REST: create, read, list and cancel jobs. */
@Controller("/api/v1/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobsController {
    private final CreateJobUseCase createJob;
    private final GetJobUseCase getJob;
    private final ListJobsUseCase listJobs;
    private final CancelJobUseCase cancelJob;
    private final IdempotentPosts posts;

    public JobsController(CreateJobUseCase createJob, GetJobUseCase getJob, ListJobsUseCase listJobs,
            CancelJobUseCase cancelJob, IdempotentPosts posts) {
        this.createJob = createJob;
        this.getJob = getJob;
        this.listJobs = listJobs;
        this.cancelJob = cancelJob;
        this.posts = posts;
    }

    @Post
    public HttpResponse<?> create(@Parameter(hidden = true) ApiToken token, @Body Requests.CreateJob body,
            @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey) {
        var principal = token.principal();
        var command = new CreateJobCommand(principal, new Tags(body.tags()));
        return posts.create(idempotencyKey, IdempotentPosts.scope(token, "POST /api/v1/jobs"), body,
                () -> createJob.checkAllowed(principal), () -> {
            var job = createJob.create(command);
            return new IdempotentPosts.Created(JobView.of(job), "/api/v1/jobs/" + job.id());
        });
    }

    @Get("/{id}")
    public JobView get(Principal caller, @PathVariable long id) {
        return JobView.of(getJob.get(caller, new JobId(id)));
    }

    /** Cancels the job and its unfinished runs → 200 with the job; again → the same; an ended job → 409. */
    @Post("/{id}/cancel")
    public JobView cancel(Principal caller, @PathVariable long id) {
        return JobView.of(cancelJob.cancel(caller, new JobId(id)));
    }

    @Get
    public PageView<JobView> list(Principal caller, @Nullable @QueryValue String status,
            @Nullable @QueryValue String tag, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        var filter = new JobFilter(null, EnumParam.parse(JobStatus.class, "status", status), tag);
        return PageView.of(listJobs.list(caller, filter, Cursor.page(cursor, limit)), JobView::of);
    }
}
