package io.runvault.adapters.out.postgres;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.TransactionOperations;
import io.runvault.adapters.AdapterSettings;
import io.runvault.application.LastAdminToken;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.TokenId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Adapter: API tokens in Postgres, found by the hash of their secret; active ones are cached for
 * {@code runvault.security.token-cache-ttl} (see {@link TokenCache}).
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresTokenRepository implements TokenRepository {
    private final TransactionOperations<Connection> tx;
    private final ConnectionOperations<Connection> connections;
    private final TokenRows rows;
    private final TokenCache cache;

    @Inject
    public PostgresTokenRepository(TransactionOperations<Connection> tx, ConnectionOperations<Connection> connections,
            TokenRows rows, AdapterSettings.Security settings) {
        this(tx, connections, rows, TokenCache.of(settings.tokenCacheTtl()));
    }

    PostgresTokenRepository(TransactionOperations<Connection> tx, ConnectionOperations<Connection> connections,
            TokenRows rows, TokenCache cache) {
        this.tx = tx;
        this.connections = connections;
        this.rows = rows;
        this.cache = cache;
    }

    @Override
    public ApiToken insert(String label, Principal principal, String prefix, String secretHash, Instant createdAt,
            Instant expiresAt) {
        // Two servers starting with the same configured admin secret must not both fail: the second finds it.
        return tx.executeWrite(status -> Optional.ofNullable(rows.insertUnlessHashed(label,
                        principal.name().value(), principal.role().name(),
                        principal.jobScope() == null ? null : principal.jobScope().value(),
                        principal.runScope() == null ? null : principal.runScope().value(), prefix, secretHash,
                        Jdbc.timestamp(createdAt), expiresAt == null ? null : Jdbc.timestamp(expiresAt)))
                .or(() -> rows.findBySecretHash(secretHash))).orElseThrow().toDomain();
    }

    @Override
    public Optional<ApiToken> findActiveBySecretHash(String secretHash) {
        ApiToken cached = cache.get(secretHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        long evictions = cache.evictionCount();
        Optional<ApiToken> found = connections.executeRead(status -> rows.findUnrevokedBySecretHash(secretHash))
                .map(TokenRow::toDomain);
        found.ifPresent(token -> cache.put(secretHash, token, evictions));
        return found;
    }

    @Override
    public Optional<ApiToken> findActiveBySecretHashInMemory(String secretHash) {
        return Optional.ofNullable(cache.get(secretHash));
    }

    @Override
    public Page<ApiToken> list(PageRequest page) {
        List<ApiToken> tokens = connections.executeRead(status -> rows.findByIdLessThan(
                page.after() == null ? Long.MAX_VALUE : page.after(),
                Pageable.from(0, page.limit() + 1, Sort.of(Sort.Order.desc("id")))))
                .stream().map(TokenRow::toDomain).toList();
        return Page.of(tokens, page.limit(), token -> token.id().value());
    }

    @Override
    public boolean revoke(TokenId id, Instant at) {
        boolean revoked;
        try {
            // Written out: the admin tokens are locked and the last one kept in the statement that revokes.
            revoked = tx.executeWrite(status -> {
                Connection connection = status.getConnection();
                // Revocations of admin tokens queue here, so the check below sees every one committed before it.
                Jdbc.query(connection, "SELECT id FROM api_tokens WHERE role = 'ADMIN' AND revoked_at IS NULL "
                        + "ORDER BY id FOR UPDATE", rs -> rs.getLong(1));
                int updated = Jdbc.update(connection, "UPDATE api_tokens t SET revoked_at = ? "
                        + "WHERE t.id = ? AND t.revoked_at IS NULL AND NOT (t.role = 'ADMIN' "
                        + "AND (t.expires_at IS NULL OR t.expires_at > ?) AND NOT EXISTS (SELECT 1 FROM api_tokens o "
                        + "WHERE o.id <> t.id AND o.role = 'ADMIN' AND o.revoked_at IS NULL "
                        + "AND (o.expires_at IS NULL OR o.expires_at > ?)))", at, id.value(), at, at);
                if (updated == 0 && Jdbc.queryOne(connection,
                        "SELECT 1 FROM api_tokens WHERE id = ? AND revoked_at IS NULL", rs -> true, id.value())
                        .isPresent()) {
                    throw new LastAdminToken(id);
                }
                return updated == 1;
            });
        } finally {
            cache.evict(id);
        }
        // Evicted (above) even when the token was revoked already (elsewhere), so this server stops honouring it now.
        return revoked;
    }

    @Override
    public boolean hasActiveAdmin(Instant now) {
        return connections.executeRead(status -> rows.hasActiveAdmin(Jdbc.timestamp(now)));
    }
}
