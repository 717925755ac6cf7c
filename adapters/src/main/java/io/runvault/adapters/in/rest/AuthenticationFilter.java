package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.http.Authenticated;
import io.runvault.application.port.in.tokens.AuthenticateUseCase;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;

/**
 * Every API request carries {@code Authorization: Bearer <token>}: no or an unknown token is a 401 before any
 * controller runs, and the admin area is for admins only (403, before any body is read; the admin use cases check
 * it again, as they check ownership and scopes).
 *
 * <p>A token looked up moments ago is known without the database: a request it lets through is let through before the
 * filters run ({@link #isEnabled}), on the event loop, and costs no hand-off to the blocking pool. Every other request
 * (no token, one to look up, one refused) is decided by {@link #authenticate} on the blocking pool.
 */
@ServerFilter(value = "/api/.*", patternStyle = FilterPatternStyle.REGEX)
public class AuthenticationFilter implements ConditionalFilter {
    private static final String ADMIN_AREA = "/api/v1/admin";

    private final AuthenticateUseCase authenticate;

    public AuthenticationFilter(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    /** False when the request's token is known and lets it in: then it is attached here and the filter is skipped. */
    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        String secret = secret(request);
        ApiToken known = secret == null ? null : authenticate.tokenWithoutWaiting(secret).orElse(null);
        if (known == null || refusal(request, known) != null) {
            return true;
        }
        Authenticated.attach(request, known);
        return false;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<Problem> authenticate(HttpRequest<?> request) {
        String secret = secret(request);
        if (secret == null) {
            return unauthenticated(request, "send Authorization: Bearer <token>");
        }
        ApiToken token = authenticate.token(secret).orElse(null);
        if (token == null) {
            return unauthenticated(request, "the token is unknown or revoked");
        }
        HttpResponse<Problem> refusal = refusal(request, token);
        if (refusal != null) {
            return refusal;
        }
        Authenticated.attach(request, token);
        return null;
    }

    private static @Nullable String secret(HttpRequest<?> request) {
        return Authenticated.bearerSecret(request.getHeaders().get(HttpHeaders.AUTHORIZATION)).orElse(null);
    }

    /** The admin area is for admins only; null when the token may go where the request goes. */
    private static @Nullable HttpResponse<Problem> refusal(HttpRequest<?> request, ApiToken token) {
        Principal principal = token.principal();
        String path = request.getPath();
        if ((path.equals(ADMIN_AREA) || path.startsWith(ADMIN_AREA + "/")) && !principal.is(Role.ADMIN)) {
            return problem(HttpStatus.FORBIDDEN, Problem.of("forbidden", "Not allowed", 403,
                    "the admin area is for admin tokens only", path));
        }
        return null;
    }

    private static HttpResponse<Problem> unauthenticated(HttpRequest<?> request, String detail) {
        return problem(HttpStatus.UNAUTHORIZED,
                Problem.of("unauthenticated", "Authentication required", 401, detail, request.getPath()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"runvault\"");
    }

    private static MutableHttpResponse<Problem> problem(HttpStatus status, Problem problem) {
        return HttpResponse.<Problem>status(status).contentType(Problem.MEDIA_TYPE).body(problem);
    }
}
