package io.runvault.devserver;

import io.runvault.bootstrap.Application;

/**
 * Starts Runvault for development: with no JDBC URL configured an embedded Postgres, with no bucket an in-process S3
 * server ({@link EmbeddedDefaults}). They start beside the application context rather than before it;
 * {@link EmbeddedServicesGate} holds their first use until they are up. Anything configured explicitly wins.
 */
public final class DevApplication {
    private DevApplication() {
    }

    public static void main(String[] args) {
        EmbeddedDefaults.Started embedded = EmbeddedDefaults.start(EmbeddedDefaults.Settings.fromEnvironment());
        Application.builder(args)
                .properties(embedded.properties())
                .singletons(embedded)
                .start();
    }
}
