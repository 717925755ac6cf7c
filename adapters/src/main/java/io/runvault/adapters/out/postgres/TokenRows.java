package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The api_tokens table through Micronaut Data; {@link PostgresTokenRepository} holds the transactions. The secret's
 * hash is no property of the row, so the statements that name it are written out.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface TokenRows extends GenericRepository<TokenRow, Long> {
    /** Null when a token with this hash exists already (two servers starting with one configured secret). */
    @Nullable
    @Query("INSERT INTO api_tokens (label, name, role, job_id, run_id, prefix, secret_hash, created_at, expires_at) "
            + "VALUES (:label, :name, :role, :jobId, :runId, :prefix, :secretHash, :createdAt, :expiresAt) "
            + "ON CONFLICT (secret_hash) DO NOTHING RETURNING " + TokenRow.COLUMNS)
    TokenRow insertUnlessHashed(String label, String name, String role, @Nullable Long jobId,
            @Nullable Long runId, String prefix, String secretHash, OffsetDateTime createdAt,
            @Nullable OffsetDateTime expiresAt);

    @Query("SELECT " + TokenRow.COLUMNS + " FROM api_tokens WHERE secret_hash = :secretHash")
    Optional<TokenRow> findBySecretHash(String secretHash);

    @Query("SELECT " + TokenRow.COLUMNS + " FROM api_tokens WHERE secret_hash = :secretHash AND revoked_at IS NULL")
    Optional<TokenRow> findUnrevokedBySecretHash(String secretHash);

    List<TokenRow> findByIdLessThan(long before, Pageable page);

    @Query("SELECT EXISTS (SELECT 1 FROM api_tokens WHERE role = 'ADMIN' AND revoked_at IS NULL "
            + "AND (expires_at IS NULL OR expires_at > :now))")
    boolean hasActiveAdmin(OffsetDateTime now);
}
