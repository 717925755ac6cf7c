package io.runvault.adapters.in.rest.admin;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.http.Authenticated;
import io.runvault.adapters.in.rest.Problem;
import io.runvault.application.port.in.operations.AuditUseCase;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Owner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every admin action to the audit log once its response is known, whatever the outcome, refusals included.
 * Reads of the bookkeeping itself (operation progress, the audit log) are not actions and would drown the log.
 */
@ServerFilter(value = "/api/v1/admin/.*", patternStyle = FilterPatternStyle.REGEX)
public class AdminAuditFilter {
    private static final Logger LOG = LoggerFactory.getLogger(AdminAuditFilter.class);
    private static final String PROBLEM_PREFIX = "urn:runvault:problem:";

    /** Who a request refused before it had a token is named as. */
    private static final Owner ANONYMOUS = new Owner("anonymous");

    private final AuditUseCase audit;

    public AdminAuditFilter(AuditUseCase audit) {
        this.audit = audit;
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (request.getMethod() == HttpMethod.GET
                && (path.startsWith(AdminController.OPERATIONS) || path.equals("/api/v1/admin/audit"))) {
            return;
        }
        String outcome = Integer.toString(response.code());
        var problem = response.getBody(Problem.class);
        if (problem.isPresent() && problem.get().type() != null) {
            outcome += " " + problem.get().type().replace(PROBLEM_PREFIX, "");
        }
        Owner actor = Authenticated.token(request).map(token -> token.principal().name()).orElse(ANONYMOUS);
        try {
            audit.record(new AuditEntry.New(actor, request.getMethodName() + " " + path, target(path), outcome));
        } catch (RuntimeException e) {
            // The action has happened either way; failing its response now would only hide that from the caller.
            LOG.error("could not write the audit entry for {} {} ({})", request.getMethodName(), path, outcome, e);
        }
    }

    /** What the action was about, e.g. "job 42", from the admin path. */
    private static String target(String path) {
        String[] parts = path.substring("/api/v1/admin/".length()).split("/");
        return parts.length >= 2 && parts[0].equals("jobs") ? "job " + parts[1] : parts[0];
    }
}
