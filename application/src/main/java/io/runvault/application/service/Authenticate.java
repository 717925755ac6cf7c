package io.runvault.application.service;

import io.runvault.application.TokenSecrets;
import io.runvault.application.port.in.AuthenticateUseCase;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import java.util.Optional;

/** Use case: find the principal behind a token secret by its hash. */
public final class Authenticate implements AuthenticateUseCase {
    private final TokenRepository tokens;

    public Authenticate(TokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 512) {
            return Optional.empty();
        }
        return tokens.findActiveBySecretHash(TokenSecrets.hash(secret)).map(ApiToken::principal);
    }
}
