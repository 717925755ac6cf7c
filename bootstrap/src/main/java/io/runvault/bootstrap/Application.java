package io.runvault.bootstrap;

import io.micronaut.runtime.Micronaut;

/**
 * Starts Runvault. Embedded Postgres and S3 (when nothing external is configured) start beside the application
 * context rather than before it; {@link EmbeddedServicesGate} holds their first use until they are up.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        EmbeddedDefaults.Started embedded = EmbeddedDefaults.start(EmbeddedDefaults.Settings.fromEnvironment());
        Micronaut.build(args)
                .mainClass(Application.class)
                // Runvault has no bootstrap configuration (no distributed configuration client): said here, Micronaut
                // does not scan the jar's service entries for a bootstrap property source locator at every start.
                .bootstrapEnvironment(false)
                .properties(embedded.properties())
                .singletons(embedded)
                .start();
    }
}
