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
import io.runvault.domain.JobId;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.Principal;

/**
 * REST: admin actions on a job's artifacts (archive, restore, purge, verify, manifest), their operations, the bucket
 * lifecycle and the audit log. Each use case checks that its caller is an admin; the authentication filter answers
 * non-admins on {@code /api/v1/admin/**} with a 403 before any body is read.
 */
@Controller("/api/v1/admin")
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
    public HttpResponse<OperationView> archive(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.ARCHIVE, id);
    }

    @Post("/jobs/{id}/restore")
    public HttpResponse<OperationView> restore(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.RESTORE, id);
    }

    @Delete("/jobs/{id}")
    public HttpResponse<OperationView> purge(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.PURGE, id);
    }

    /** The scrub: compares each stored artifact's object with its row and lists drift, repairing nothing. */
    @Post("/jobs/{id}/verify")
    public HttpResponse<OperationView> verify(Principal caller, @PathVariable long id) {
        return start(caller, OperationKind.VERIFY, id);
    }

    /** The scrub of all jobs, a page of jobs per request: each gets its verify operation; nextCursor goes on. */
    @Post("/verify")
    public HttpResponse<PageView<VerifyStartedView>> verifyAll(Principal caller,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        return HttpResponse.<PageView<VerifyStartedView>>status(HttpStatus.ACCEPTED)
                .body(PageView.of(verifyJobs.verify(caller, Cursor.page(cursor, limit)),
                        VerifyStartedView::of));
    }

    @Get("/operations/{id}")
    public OperationView operation(Principal caller, @PathVariable long id) {
        return OperationView.of(getOperation.get(caller, new OperationId(id)));
    }

    @Get("/jobs/{id}/manifest")
    public PageView<ManifestEntryView> manifest(Principal caller, @PathVariable long id,
            @Nullable @QueryValue String cursor,
            @Nullable @QueryValue Integer limit) {
        return PageView.of(manifest.manifest(caller, new JobId(id), Cursor.page(cursor, limit)),
                ManifestEntryView::of);
    }

    @Post("/storage/lifecycle")
    public LifecycleView installLifecycle(Principal caller) {
        return new LifecycleView(lifecycle.install(caller).stream().map(RuleView::of).toList());
    }

    @Get("/audit")
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
