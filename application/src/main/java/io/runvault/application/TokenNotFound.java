package io.runvault.application;

import io.runvault.domain.TokenId;

/** No active token with that id. */
public final class TokenNotFound extends RunvaultException {
    public TokenNotFound(TokenId id) {
        super("token " + id + " does not exist or is revoked already");
    }
}
