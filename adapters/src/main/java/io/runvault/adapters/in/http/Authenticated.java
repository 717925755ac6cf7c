package io.runvault.adapters.in.http;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The token a request was authenticated with: an authentication filter attaches it, and controller methods receive
 * its {@link Principal} (or the {@link ApiToken} itself) as a parameter, for the core to decide what it may do.
 */
public final class Authenticated {
    private static final String ATTRIBUTE = "runvault.token";
    private static final String BEARER = "Bearer ";

    private Authenticated() {
    }

    /** The secret of a {@code Bearer <secret>} header value; empty when there is no header or another scheme. */
    public static Optional<String> bearerSecret(String header) {
        return header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? Optional.empty()
                : Optional.of(header.substring(BEARER.length()).strip());
    }

    public static void attach(HttpRequest<?> request, ApiToken token) {
        request.setAttribute(ATTRIBUTE, token);
    }

    /** The token attached to the request; empty on a request refused before it had one. */
    public static Optional<ApiToken> token(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, ApiToken.class);
    }

    private static ApiToken required(HttpRequest<?> request) {
        return token(request).orElseThrow(() -> new IllegalStateException("no token on " + request.getPath()
                + ": the authentication filter must run first"));
    }

    /**
     * Binds a controller method's {@link Principal} parameter to whom the request's token acts for. Being a
     * {@link java.security.Principal}, it stays out of the API document by itself: it is no input of the request's.
     */
    @Singleton
    public static final class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {
        @Override
        public Argument<Principal> argumentType() {
            return Argument.of(Principal.class);
        }

        @Override
        public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
            Principal principal = required(source).principal();
            return () -> Optional.of(principal);
        }
    }

    /**
     * Binds a controller method's {@link ApiToken} parameter: what a caller's idempotency keys belong to. Such a
     * parameter is {@code @Parameter(hidden = true)}: it is no input of the request's for the API document.
     */
    @Singleton
    public static final class TokenBinder implements TypedRequestArgumentBinder<ApiToken> {
        @Override
        public Argument<ApiToken> argumentType() {
            return Argument.of(ApiToken.class);
        }

        @Override
        public BindingResult<ApiToken> bind(ArgumentConversionContext<ApiToken> context, HttpRequest<?> source) {
            ApiToken token = required(source);
            return () -> Optional.of(token);
        }
    }
}
