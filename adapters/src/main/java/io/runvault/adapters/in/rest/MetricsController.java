package io.runvault.adapters.in.rest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Operability: every meter in the Prometheus text format at {@code /metrics}. A controller rather than Micronaut's
 * {@code prometheus} management endpoint, because endpoint routes are always {@code /<id>} and {@code /metrics} is
 * where scrapers look.
 */
@Controller("/metrics")
@Requires(beans = PrometheusMeterRegistry.class)
@Tag(name = "admin")
public class MetricsController {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(produces = PROMETHEUS_TEXT)
    @Operation(operationId = "metrics", summary = "Every meter in the Prometheus text format",
            description = "Admin tokens only.")
    @ApiResponse(responseCode = "401", description = "`unauthenticated`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "`forbidden`: not an admin token",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public String scrape() {
        return registry.scrape();
    }
}
