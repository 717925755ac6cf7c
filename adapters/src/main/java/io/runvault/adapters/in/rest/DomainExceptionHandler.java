package io.runvault.adapters.in.rest;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.runvault.domain.DomainException;
import io.runvault.domain.IllegalTransition;
import io.runvault.domain.InvalidValue;
import jakarta.inject.Singleton;
import java.util.List;

/** Maps each refusal of the domain's own rules, once, to its problem+json status and stable type. */
@Produces(Problem.CONTENT_TYPE)
@Singleton
@Requires(classes = {DomainException.class, ExceptionHandler.class})
public class DomainExceptionHandler implements ExceptionHandler<DomainException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DomainException e) {
        String at = request.getPath();
        return RunvaultExceptionHandler.respond(switch (e) {
            case InvalidValue v -> Problem.of("invalid-request", "The request is not valid", 400, v.getMessage(), at)
                    .withErrors(List.of(new Problem.FieldError(v.field(), v.reason())));
            case IllegalTransition t -> Problem.of("illegal-transition", "Status change not allowed", 409,
                    t.getMessage(), at);
        });
    }
}
