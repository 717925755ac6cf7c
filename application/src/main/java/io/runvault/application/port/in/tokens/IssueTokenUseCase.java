package io.runvault.application.port.in.tokens;

import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;

/** Use case: an admin issues an API token; its secret is returned this once and never again. */
public interface IssueTokenUseCase {
    IssuedToken issue(Principal issuer, IssueTokenCommand command);

    /** The stored token and its secret, to hand to whoever will use it. */
    record IssuedToken(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "IssuedToken[" + token + ", secret=…]";
        }
    }
}
