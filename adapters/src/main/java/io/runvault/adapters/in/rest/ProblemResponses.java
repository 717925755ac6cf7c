package io.runvault.adapters.in.rest;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI: the problem+json answers every {@code /api} operation can give, whatever it does (the filters' and the
 * outage ones). On a controller, each of its operations documents them; an operation adds the statuses only it
 * answers with its own {@code @ApiResponse}, naming their types in backticks, with {@link Problem} as content
 * (OpenApiTest in bootstrap checks every operation).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", description = "`invalid-request`: a path, query or body value is not valid "
        + "(`errors[]` names each field); `ambiguous-length`, `malformed-request`: the HTTP request itself",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "`unauthenticated`: no bearer token, or one that is unknown, "
        + "revoked or expired",
        headers = @Header(name = "WWW-Authenticate", schema = @Schema(type = "string")),
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "`forbidden`: the token's role may not do this",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "500", description = "`internal`: the server failed; nothing was changed unless the "
        + "response said so",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "`storage-unavailable`, `database-unavailable`: repeat the request "
        + "after Retry-After",
        headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface ProblemResponses {
}
