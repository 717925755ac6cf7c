package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.web.router.RouteAttributes;
import io.runvault.domain.InvalidValue;
import java.util.List;

/**
 * Holds every JSON body of the API to {@link StrictJson} before it is bound, so a hostile value is a 400 naming its
 * field rather than a database error. Only POST and PATCH carry JSON here; results PUTs stream and are not read. An
 * endpoint marked {@link ReadsStrictJson} checks its body itself, in the pass that reads it.
 */
@ServerFilter(value = "/api/.*", patternStyle = FilterPatternStyle.REGEX,
        methods = {HttpMethod.POST, HttpMethod.PATCH})
// After authentication: an anonymous caller learns nothing about what it sent. An annotation rather than Ordered, so
// the order is read once rather than asked of the bean each time a request's filters are sorted.
@Order(10)
public class StrictJsonFilter {
    /** The checked body, kept so that a binding error later can name the field it is about. */
    static final String BODY = "runvault.json-body";

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> check(HttpRequest<?> request, @Nullable @Body byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        request.setAttribute(BODY, body);
        if (RouteAttributes.getRouteMatch(request)
                .filter(route -> route.getAnnotationMetadata().hasAnnotation(ReadsStrictJson.class)).isPresent()) {
            return null;
        }
        try {
            StrictJson.check(body);
            return null;
        } catch (InvalidValue invalid) {
            return invalid(request, invalid);
        }
    }

    static HttpResponse<Problem> invalid(HttpRequest<?> request, InvalidValue invalid) {
        return HttpResponse.<Problem>status(HttpStatus.BAD_REQUEST).contentType(Problem.MEDIA_TYPE)
                .body(Problem.of("invalid-request", "The request is not valid", 400, invalid.getMessage(),
                        request.getPath()).withErrors(List.of(new Problem.FieldError(invalid.field(),
                                invalid.reason()))));
    }
}
