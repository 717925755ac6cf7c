package io.runvault.application.service;

import io.runvault.application.TokenSecrets;
import io.runvault.application.port.in.BootstrapAdminUseCase;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.Principal;
import java.time.Clock;
import java.util.Optional;

/** Use case: guarantee an admin token exists on first start, from configuration or freshly generated. */
public final class BootstrapAdmin implements BootstrapAdminUseCase {
    static final String ADMIN_NAME = "admin";
    private final TokenRepository tokens;
    private final Clock clock;

    public BootstrapAdmin(TokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Optional<String> ensureAdmin(String configuredSecret) {
        if (configuredSecret != null && !configuredSecret.isBlank()) {
            String secret = TokenSecrets.checked(configuredSecret);
            // A configured secret is always honoured, even beside other admins, so operators can rely on it.
            if (tokens.findActiveBySecretHash(TokenSecrets.hash(secret)).isEmpty()) {
                store(secret);
            }
            return Optional.empty();
        }
        if (tokens.hasActiveAdmin(clock.instant())) {
            return Optional.empty();
        }
        String secret = TokenSecrets.generate();
        store(secret);
        return Optional.of(secret);
    }

    private void store(String secret) {
        tokens.insert("bootstrap admin", Principal.admin(ADMIN_NAME), TokenSecrets.prefix(secret),
                TokenSecrets.hash(secret), clock.instant(), null);
    }
}
