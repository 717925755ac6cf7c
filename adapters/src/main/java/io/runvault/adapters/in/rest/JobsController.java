package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import io.runvault.application.port.in.CancelJobUseCase;
import io.runvault.application.port.in.CreateJobCommand;
import io.runvault.application.port.in.CreateJobUseCase;
import io.runvault.application.port.in.GetJobUseCase;
import io.runvault.application.port.in.ListJobsUseCase;
import io.runvault.domain.JobFilter;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Tags;

/** REST: create, read, list and cancel jobs. */
@Controller("/api/v1/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobsController {
    private final CreateJobUseCase createJob;
    private final GetJobUseCase getJob;
    private final ListJobsUseCase listJobs;
    private final CancelJobUseCase cancelJob;
    private final IdempotentPosts posts;
    private final Caller caller;

    public JobsController(CreateJobUseCase createJob, GetJobUseCase getJob, ListJobsUseCase listJobs,
            CancelJobUseCase cancelJob, IdempotentPosts posts, Caller caller) {
        this.createJob = createJob;
        this.getJob = getJob;
        this.listJobs = listJobs;
        this.cancelJob = cancelJob;
        this.posts = posts;
        this.caller = caller;
    }

    @Post
    public HttpResponse<?> create(HttpRequest<?> request, @Body Requests.CreateJob body,
            @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey) {
        var principal = caller.of(request);
        var command = new CreateJobCommand(principal, new Tags(body.tags()));
        return posts.create(idempotencyKey, caller.tokenOf(request) + " POST /api/v1/jobs", body,
                () -> createJob.checkAllowed(principal), () -> {
            var job = createJob.create(command);
            return new IdempotentPosts.Created(JobView.of(job), "/api/v1/jobs/" + job.id());
        });
    }

    @Get("/{id}")
    public JobView get(HttpRequest<?> request, @PathVariable long id) {
        return JobView.of(getJob.get(caller.of(request), new JobId(id)));
    }

    /** Cancels the job and its unfinished runs → 200 with the job; again → the same; an ended job → 409. */
    @Post("/{id}/cancel")
    public JobView cancel(HttpRequest<?> request, @PathVariable long id) {
        return JobView.of(cancelJob.cancel(caller.of(request), new JobId(id)));
    }

    @Get
    public PageView<JobView> list(HttpRequest<?> request, @Nullable @QueryValue String status,
            @Nullable @QueryValue String tag, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        var filter = new JobFilter(null, EnumParam.parse(JobStatus.class, "status", status), tag);
        return PageView.of(listJobs.list(caller.of(request), filter, Cursor.page(cursor, limit)), JobView::of);
    }
}
