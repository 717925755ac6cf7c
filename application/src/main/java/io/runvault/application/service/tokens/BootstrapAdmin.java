package io.runvault.application.service.tokens;

import io.runvault.application.TokenSecrets;
import io.runvault.application.port.in.tokens.BootstrapAdminUseCase;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.ApiToken;
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

    /**
     * A configured secret is always honoured, even beside other admins, so operators can rely on it; a new one is
     * how a lost admin is recovered. A configured secret that was revoked stays revoked (it may have leaked): when
     * no working admin is left, a fresh token is generated instead.
     */
    @Override
    public Optional<String> ensureAdmin(String configuredSecret) {
        if (configuredSecret != null && !configuredSecret.isBlank()) {
            String secret = TokenSecrets.checked(configuredSecret);
            if (tokens.findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent() || !store(secret).isRevoked()) {
                return Optional.empty();
            }
        }
        if (tokens.hasActiveAdmin(clock.instant())) {
            return Optional.empty();
        }
        String secret = TokenSecrets.generate();
        store(secret);
        return Optional.of(secret);
    }

    /** The token now stored for the secret: a new one, or the one stored before (which may be revoked). */
    private ApiToken store(String secret) {
        return tokens.insert("bootstrap admin", Principal.admin(ADMIN_NAME), TokenSecrets.prefix(secret),
                TokenSecrets.hash(secret), clock.instant(), null);
    }
}
