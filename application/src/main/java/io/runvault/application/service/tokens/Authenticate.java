package io.runvault.application.service.tokens;

import io.runvault.application.TokenSecrets;
import io.runvault.application.port.in.tokens.AuthenticateUseCase;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.ApiToken;
import java.time.Clock;
import java.util.Optional;

/** Use case: find the principal behind a token secret by its hash, unless the token has expired. */
public final class Authenticate implements AuthenticateUseCase {
    private final TokenRepository tokens;
    private final Clock clock;

    public Authenticate(TokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Optional<ApiToken> token(String secret) {
        if (!plausible(secret)) {
            return Optional.empty();
        }
        return tokens.findActiveBySecretHash(TokenSecrets.hash(secret))
                .filter(token -> token.isUsableAt(clock.instant()));
    }

    @Override
    public Optional<ApiToken> tokenWithoutWaiting(String secret) {
        if (!plausible(secret)) {
            return Optional.empty();
        }
        return tokens.findActiveBySecretHashInMemory(TokenSecrets.hash(secret))
                .filter(token -> token.isUsableAt(clock.instant()));
    }

    private static boolean plausible(String secret) {
        return secret != null && !secret.isBlank() && secret.length() <= 512;
    }
}
