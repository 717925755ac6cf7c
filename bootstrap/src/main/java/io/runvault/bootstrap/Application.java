package io.runvault.bootstrap;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.Micronaut;

/**
 * Starts Runvault against the Postgres and the S3 store it is configured with. The development server
 * ({@code devserver}) starts it through {@link #builder} beside an embedded Postgres and S3.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        builder(args).start();
    }

    /**
     * The server, ready to start (its {@code start()} starts the HTTP server as well); callers may add properties
     * and singletons first.
     */
    public static ApplicationContextBuilder builder(String[] args) {
        return Micronaut.build(args)
                .mainClass(Application.class)
                // Runvault has no bootstrap configuration (no distributed configuration client): said here, Micronaut
                // does not scan the jar's service entries for a bootstrap property source locator at every start.
                .bootstrapEnvironment(false);
    }
}
