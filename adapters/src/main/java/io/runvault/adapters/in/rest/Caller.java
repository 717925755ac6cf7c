package io.runvault.adapters.in.rest;

import io.micronaut.http.HttpRequest;
import io.runvault.domain.Principal;
import jakarta.inject.Singleton;

/** Who is calling: the principal the authentication filter attached to the request. */
@Singleton
public class Caller {
    static final String ATTRIBUTE = "runvault.principal";

    public Principal of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Principal.class)
                .orElseThrow(() -> new IllegalStateException("no principal on " + request.getPath()
                        + ": the authentication filter must run first"));
    }
}
