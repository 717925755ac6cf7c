package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.http.Authenticated;
import io.runvault.application.port.in.tokens.AuthenticateUseCase;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the operations paths show to whom: {@code /health} answers anyone with UP or DOWN, and only an admin token
 * sees its details (database, store, disk); {@code /metrics} (routes, error classes, pools) is for admin tokens only.
 */
// A regular expression rather than Ant patterns: every request is matched against it, and an Ant pattern is split into
// its segments again on each match.
@ServerFilter(value = "/(health|metrics)(/.*)?", patternStyle = FilterPatternStyle.REGEX)
public class OperationsAccessFilter {
    private static final String ADMIN = "runvault.operations-admin";
    /** How long {@code /health} waits for a token not looked up lately; its own checks give up after 1.5 s. */
    static final Duration HEALTH_LOOKUP = Duration.ofMillis(300);

    private final AuthenticateUseCase authenticate;

    public OperationsAccessFilter(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<Problem> check(HttpRequest<?> request) {
        boolean metrics = request.getPath().startsWith("/metrics");
        Principal principal = Authenticated.bearerSecret(request.getHeaders().get(HttpHeaders.AUTHORIZATION))
                .flatMap(secret -> metrics ? authenticate.authenticate(secret) : checkedInTime(secret))
                .orElse(null);
        boolean admin = principal != null && principal.is(Role.ADMIN);
        if (admin) {
            request.setAttribute(ADMIN, Boolean.TRUE);
            return null;
        }
        if (!metrics) {
            return null;
        }
        if (principal == null) {
            return HttpResponse.<Problem>status(HttpStatus.UNAUTHORIZED).contentType(Problem.MEDIA_TYPE)
                    .body(Problem.of("unauthenticated", "Authentication required", 401,
                            "metrics are for admin tokens: send Authorization: Bearer <token>", request.getPath()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"runvault\"");
        }
        return HttpResponse.<Problem>status(HttpStatus.FORBIDDEN).contentType(Problem.MEDIA_TYPE)
                .body(Problem.of("forbidden", "Not allowed", 403, "metrics are for admin tokens only",
                        request.getPath()));
    }

    /**
     * The principal of a token for {@code /health}, if it is known or can be looked up within
     * {@link #HEALTH_LOOKUP}: health is answered within 2 s whatever is down, the database among them, and a token
     * that cannot be checked in time (or at all) sees the status alone, as anyone does.
     */
    private Optional<Principal> checkedInTime(String secret) {
        Optional<ApiToken> known = authenticate.tokenWithoutWaiting(secret);
        if (known.isPresent()) {
            return known.map(ApiToken::principal);
        }
        CompletableFuture<Optional<Principal>> lookup = new CompletableFuture<>();
        // Left to finish on its own when late: it only waits for the pool, and a token it finds is cached for next time.
        Thread.ofVirtual().name("runvault-health-token").start(() -> {
            try {
                lookup.complete(authenticate.authenticate(secret));
            } catch (RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        });
        try {
            return lookup.get(HEALTH_LOOKUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Health is computed with its details (for the status itself); all but the status are dropped unless admin. */
    @ResponseFilter
    public void stripDetails(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getAttribute(ADMIN, Boolean.class).orElse(false)) {
            return;
        }
        response.getBody(HealthResult.class).ifPresent(health ->
                response.body(Map.of("status", health.getStatus().getName())));
    }
}
