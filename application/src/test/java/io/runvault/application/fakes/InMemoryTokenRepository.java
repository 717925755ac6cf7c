package io.runvault.application.fakes;

import io.runvault.application.port.out.TokenRepository;
import io.runvault.application.LastAdminToken;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.TokenId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Fake of the token store for use-case tests; passes the same contract as the Postgres adapter. */
public final class InMemoryTokenRepository implements TokenRepository {
    private final Map<TokenId, ApiToken> tokens = new HashMap<>();
    private final Map<String, TokenId> byHash = new HashMap<>();
    private long ids;

    @Override
    public synchronized ApiToken insert(String label, Principal principal, String prefix, String secretHash,
            Instant createdAt, Instant expiresAt) {
        TokenId existing = byHash.get(secretHash);
        if (existing != null) {
            return tokens.get(existing);
        }
        var token = new ApiToken(new TokenId(++ids), label, principal, prefix, createdAt, expiresAt, null);
        tokens.put(token.id(), token);
        byHash.put(secretHash, token.id());
        return token;
    }

    @Override
    public synchronized Optional<ApiToken> findActiveBySecretHash(String secretHash) {
        return Optional.ofNullable(byHash.get(secretHash)).map(tokens::get).filter(token -> !token.isRevoked());
    }

    /** Everything here is in memory: known without a query is simply known. */
    @Override
    public Optional<ApiToken> findActiveBySecretHashInMemory(String secretHash) {
        return findActiveBySecretHash(secretHash);
    }

    @Override
    public synchronized Page<ApiToken> list(PageRequest page) {
        var fetched = tokens.values().stream()
                .filter(token -> page.after() == null || token.id().value() < page.after())
                .sorted(Comparator.comparingLong((ApiToken token) -> token.id().value()).reversed())
                .limit(page.limit() + 1L)
                .toList();
        return Page.of(fetched, page.limit(), token -> token.id().value());
    }

    @Override
    public synchronized boolean revoke(TokenId id, Instant at) {
        ApiToken token = tokens.get(id);
        if (token == null || token.isRevoked()) {
            return false;
        }
        if (token.principal().is(Role.ADMIN) && token.isUsableAt(at) && tokens.values().stream().noneMatch(
                other -> !other.id().equals(id) && other.principal().is(Role.ADMIN) && other.isUsableAt(at))) {
            throw new LastAdminToken(id);
        }
        tokens.put(id, new ApiToken(id, token.label(), token.principal(), token.prefix(), token.createdAt(),
                token.expiresAt(), at));
        return true;
    }

    @Override
    public synchronized boolean hasActiveAdmin(Instant now) {
        return tokens.values().stream().anyMatch(token -> token.isUsableAt(now) && token.principal().is(Role.ADMIN));
    }
}
