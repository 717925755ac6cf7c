package io.runvault.adapters.in.epx;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.AdapterSettings;
import io.runvault.adapters.in.http.Authenticated;
import io.runvault.application.port.in.tokens.AuthenticateUseCase;
import io.runvault.domain.ApiToken;

/**
 * The Epistemix API's headers on every call: {@code Offline-Token: Bearer <token>} (a Runvault API token, checked as
 * on /api), {@code Fredcli-Version}, {@code User-Agent}, and {@code Content-Type: application/json} on bodies. A missing
 * or malformed header is a 400, an unknown token a 401, both as {@code {"error": …}}. Ownership and scopes are the core's.
 */
// The base path and everything below it, as a regular expression (quoted, whatever the configured path holds): every
// request is matched against it, and an Ant pattern is split into its segments again on each match.
@ServerFilter(value = "\\Q${runvault.epx.base-path:" + AdapterSettings.Epx.BASE_PATH + "}\\E(/.*)?",
        patternStyle = FilterPatternStyle.REGEX)
public class EpxAuthentication {
    static final String OFFLINE_TOKEN = "Offline-Token";

    private final AuthenticateUseCase authenticate;

    public EpxAuthentication(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<EpxError> authenticate(HttpRequest<?> request) {
        String secret = Authenticated.bearerSecret(request.getHeaders().get(OFFLINE_TOKEN)).orElse(null);
        if (secret == null) {
            return EpxError.respond(HttpStatus.BAD_REQUEST, "send Offline-Token: Bearer <token>");
        }
        for (String required : new String[] {"Fredcli-Version", "User-Agent"}) {
            if (request.getHeaders().get(required) == null) {
                return EpxError.respond(HttpStatus.BAD_REQUEST, "missing header " + required);
            }
        }
        if (request.getMethod() == HttpMethod.POST && !request.getContentType()
                .map(type -> type.matches(MediaType.APPLICATION_JSON_TYPE)).orElse(false)) {
            return EpxError.respond(HttpStatus.BAD_REQUEST, "send Content-Type: application/json");
        }
        ApiToken token = authenticate.token(secret).orElse(null);
        if (token == null) {
            return EpxError.respond(HttpStatus.UNAUTHORIZED, "the token is unknown, revoked or expired");
        }
        Authenticated.attach(request, token);
        return null;
    }
}
