package io.runvault.adapters.in.rest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** The title and version of the OpenAPI document generated from the controllers at compile time. */
@OpenAPIDefinition(info = @Info(title = "Runvault", version = "v1",
        description = "Jobs, runs and their artifacts; errors are application/problem+json (RFC 9457)."))
final class OpenApiDefinition {
    private OpenApiDefinition() {
    }
}
