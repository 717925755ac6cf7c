package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * A refused results upload (unknown run, not a zip, no token, ...) is answered before its body has been read. The
 * answer then ends the connection: a client that sends its whole body before reading (most HTTP clients) sees the
 * answer at once, rather than stalling on a body nobody reads until the connection times out. First in line, so it
 * also sees the answers of the filters after it.
 */
@ServerFilter(value = "/api/v1/jobs/[^/]+/runs/[^/]+/results", patternStyle = FilterPatternStyle.REGEX,
        methods = HttpMethod.PUT)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EarlyAnswerFilter {
    @ResponseFilter
    public void endRefusedUpload(MutableHttpResponse<?> response) {
        if (response.code() >= 400) {
            response.header(HttpHeaders.CONNECTION, "close");
        }
    }
}
