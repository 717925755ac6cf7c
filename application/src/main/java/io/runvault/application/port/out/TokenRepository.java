package io.runvault.application.port.out;

import io.runvault.domain.ApiToken;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.TokenId;
import java.time.Instant;
import java.util.Optional;

/** Outgoing port: API tokens, kept by the hash of their secret only. */
public interface TokenRepository {
    ApiToken insert(String label, Principal principal, String prefix, String secretHash, Instant createdAt);

    Optional<ApiToken> findActiveBySecretHash(String secretHash);

    /** Newest first: pages continue after the lowest id shown. */
    Page<ApiToken> list(PageRequest page);

    /** False when there was no such token or it was revoked already. */
    boolean revoke(TokenId id, Instant at);

    boolean hasActiveAdmin();
}
