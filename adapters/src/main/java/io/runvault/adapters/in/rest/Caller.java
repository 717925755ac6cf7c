package io.runvault.adapters.in.rest;

import io.micronaut.http.HttpRequest;
import io.runvault.domain.Owner;
import jakarta.inject.Singleton;

/** Who is calling: the one place the REST layer learns the owner of what a request creates or reads. */
@Singleton
public class Caller {
    static final Owner ANONYMOUS = new Owner("anonymous");

    /** Until API tokens exist every request acts for the same anonymous owner. */
    public Owner of(HttpRequest<?> request) {
        return ANONYMOUS;
    }
}
