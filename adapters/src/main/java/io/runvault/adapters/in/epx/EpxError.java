package io.runvault.adapters.in.epx;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** An error as Epistemix's client reads it: {@code {"error": "…"}}, never problem+json. */
@Serdeable
record EpxError(String error) {
    static MutableHttpResponse<EpxError> respond(HttpStatus status, String message) {
        return HttpResponse.<EpxError>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new EpxError(message));
    }
}
