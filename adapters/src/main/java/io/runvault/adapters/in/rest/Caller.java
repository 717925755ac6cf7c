package io.runvault.adapters.in.rest;

import io.micronaut.http.HttpRequest;
import io.runvault.domain.Owner;
import io.runvault.domain.Principal;
import io.runvault.domain.TokenId;
import jakarta.inject.Singleton;

/** Who is calling: the principal the authentication filter attached to the request. */
@Singleton
public class Caller {
    static final String ATTRIBUTE = "runvault.principal";
    static final String TOKEN = "runvault.token";
    private static final Owner ANONYMOUS = new Owner("anonymous");

    /** Who to name in an audit trail: the principal, or "anonymous" for a request refused before it had one. */
    public Owner nameOf(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Principal.class).map(Principal::name).orElse(ANONYMOUS);
    }

    /** The token the request was authenticated with, as "token 42": what a caller's idempotency keys belong to. */
    public String tokenOf(HttpRequest<?> request) {
        return "token " + request.getAttribute(TOKEN, TokenId.class)
                .orElseThrow(() -> new IllegalStateException("no token on " + request.getPath())).value();
    }

    public Principal of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Principal.class)
                .orElseThrow(() -> new IllegalStateException("no principal on " + request.getPath()
                        + ": the authentication filter must run first"));
    }
}
