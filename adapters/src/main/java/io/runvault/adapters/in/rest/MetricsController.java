package io.runvault.adapters.in.rest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * Operability: every meter in the Prometheus text format at {@code /metrics}. A controller rather than Micronaut's
 * {@code prometheus} management endpoint, because endpoint routes are always {@code /<id>} and {@code /metrics} is
 * where scrapers look.
 */
@Controller("/metrics")
@Requires(beans = PrometheusMeterRegistry.class)
public class MetricsController {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(produces = PROMETHEUS_TEXT)
    public String scrape() {
        return registry.scrape();
    }
}
