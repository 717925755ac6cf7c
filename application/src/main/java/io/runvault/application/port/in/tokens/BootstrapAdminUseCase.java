package io.runvault.application.port.in.tokens;

import java.util.Optional;

/**
 * Use case: on start, make sure some admin can get in. Without an active admin token, stores the configured secret
 * (or a generated one, returned so it can be shown once).
 */
public interface BootstrapAdminUseCase {
    Optional<String> ensureAdmin(String configuredSecret);
}
