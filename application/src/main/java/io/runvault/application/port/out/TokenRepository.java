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
    /** Stores a new token; {@code expiresAt} null means it never expires. */
    ApiToken insert(String label, Principal principal, String prefix, String secretHash, Instant createdAt,
            Instant expiresAt);

    /** The unrevoked token with this hash, expired or not: whether it is still usable is the caller's to judge. */
    Optional<ApiToken> findActiveBySecretHash(String secretHash);

    /**
     * What {@link #findActiveBySecretHash} would answer when this store has it in memory (a token looked up moments
     * ago), without a query; empty otherwise, found or not: then only {@link #findActiveBySecretHash} can tell.
     */
    default Optional<ApiToken> findActiveBySecretHashInMemory(String secretHash) {
        return Optional.empty();
    }

    /** Newest first: pages continue after the lowest id shown. */
    Page<ApiToken> list(PageRequest page);

    /**
     * False when there was no such token or it was revoked already.
     *
     * @throws io.runvault.application.LastAdminToken if it is the last admin token neither revoked nor expired at
     *         {@code at}: checked in the same transaction as the write, so two admins revoking each other at once
     *         cannot both succeed
     */
    boolean revoke(TokenId id, Instant at);

    /** Whether an admin token is neither revoked nor expired at {@code now}. */
    boolean hasActiveAdmin(Instant now);
}
