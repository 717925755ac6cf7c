package io.runvault.application.service.tokens;

import io.runvault.application.TokenSecrets;
import io.runvault.application.port.in.tokens.AuthenticateUseCase;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.ApiToken;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

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
        return usable(secret, tokens::findActiveBySecretHash);
    }

    @Override
    public Optional<ApiToken> tokenWithoutWaiting(String secret) {
        return usable(secret, tokens::findActiveBySecretHashInMemory);
    }

    /** The token {@code byHash} finds for a plausible secret, if it is usable now. */
    private Optional<ApiToken> usable(String secret, Function<String, Optional<ApiToken>> byHash) {
        if (secret == null || secret.isBlank() || secret.length() > 512) {
            return Optional.empty();
        }
        return byHash.apply(TokenSecrets.hash(secret)).filter(token -> token.isUsableAt(clock.instant()));
    }
}
