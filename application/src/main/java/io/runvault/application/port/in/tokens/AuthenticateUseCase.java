package io.runvault.application.port.in.tokens;

import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import java.util.Optional;

/** Use case: who a presented token secret acts for; empty for unknown, revoked and expired tokens alike. */
public interface AuthenticateUseCase {
    /** The working token behind the secret: its principal, and its id, which names the caller in idempotency keys. */
    Optional<ApiToken> token(String secret);

    /**
     * {@link #token}'s answer when it is at hand without waiting on the database (the token was looked up moments
     * ago); empty otherwise, and then only {@link #token} can tell. Lets a caller that must not block answer at once.
     */
    Optional<ApiToken> tokenWithoutWaiting(String secret);

    default Optional<Principal> authenticate(String secret) {
        return token(secret).map(ApiToken::principal);
    }
}
