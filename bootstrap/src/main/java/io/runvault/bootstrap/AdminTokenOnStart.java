package io.runvault.bootstrap;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.runvault.application.port.in.tokens.BootstrapAdminUseCase;
import jakarta.inject.Singleton;

/**
 * On start, makes sure an admin can get in: the configured {@code runvault.security.bootstrap-admin-token}, or on a
 * first start without one, a generated token printed once to the console (never to the logs).
 */
@Singleton
class AdminTokenOnStart {
    private final BootstrapAdminUseCase bootstrapAdmin;
    private final String configured;

    AdminTokenOnStart(BootstrapAdminUseCase bootstrapAdmin,
            RunvaultSettings.Security security) {
        this.bootstrapAdmin = bootstrapAdmin;
        this.configured = security.bootstrapAdminToken();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        bootstrapAdmin.ensureAdmin(configured).ifPresent(secret -> System.out.println("""

                Runvault admin token (shown this once; create others with POST /api/v1/admin/tokens):
                  %s
                """.formatted(secret)));
    }
}
