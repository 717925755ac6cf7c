package io.runvault.application;

import io.runvault.domain.TokenId;

/** Revoking this token would leave no working admin token, and so nobody able to issue one. */
public final class LastAdminToken extends RunvaultException {
    public LastAdminToken(TokenId id) {
        super("token " + id.value() + " is the last working admin token; issue another admin token before revoking it");
    }
}
