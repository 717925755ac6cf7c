package io.runvault.adapters.in.rest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI document's title, tags and security, generated from the controllers at compile time. Every operation
 * needs the bearer token unless it says otherwise (the Epistemix API names its own header).
 */
@OpenAPIDefinition(info = @Info(title = "Runvault", version = "v1",
        description = "Jobs, runs and their artifacts. Every /api call carries `Authorization: Bearer rv_…` (an API "
                + "token an admin issued); errors are application/problem+json (RFC 9457) with a stable `type`, "
                + "`urn:runvault:problem:<slug>`, listed per response."),
        security = @SecurityRequirement(name = OpenApiDefinition.BEARER),
        tags = {
            @Tag(name = "jobs", description = "Create, read, list and cancel jobs"),
            @Tag(name = "runs", description = "Submit runs, read them and move them along their lifecycle"),
            @Tag(name = "artifacts", description = "Upload locations, results uploads, artifact lists and downloads"),
            @Tag(name = "admin", description = "Archive, restore, purge and verify a job's artifacts; operations, "
                    + "bucket lifecycle, audit log, metrics (admin tokens only)"),
            @Tag(name = "tokens", description = "Issue, list and revoke API tokens (admin tokens only)"),
            @Tag(name = "epx", description = "The Epistemix API as the epx client speaks it, under /epx"),
            @Tag(name = "health", description = "Whether the server can do its work (anyone; details for admin tokens)")
        })
@SecurityScheme(name = OpenApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "rv_…", description = "An API token (`rv_…`) an admin issued with POST /api/v1/admin/tokens, "
                + "or the admin token the server printed at its first start")
@SecurityScheme(name = OpenApiDefinition.EPX, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "Offline-Token", description = "`Bearer rv_…`: a Runvault API token, as the epx client sends it")
public final class OpenApiDefinition {
    /** The security scheme of every /api operation. */
    public static final String BEARER = "bearer";
    /** The security scheme of the Epistemix API. */
    public static final String EPX = "epxToken";

    private OpenApiDefinition() {
    }
}
