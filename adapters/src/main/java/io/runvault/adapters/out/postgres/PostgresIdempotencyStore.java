package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.adapters.AdapterSettings;
import io.micronaut.transaction.TransactionDefinition;
import io.runvault.application.port.out.IdempotencyStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;

/**
 * Adapter: remembers the response of each request that carried an Idempotency-Key. The key row is inserted in the
 * same transaction as whatever the request creates (the caller's unit of work; a claim outside one is refused), so
 * a concurrent request with the same key blocks on the unique index until the first commits (then replays) or rolls
 * back (then runs itself): never twice, never lost. Keys are kept for {@code runvault.idempotency.retention}: long
 * enough for any client's retries, short enough that the table does not grow with every request ever made.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresIdempotencyStore implements IdempotencyStore {
    /** Expired keys go in batches, so a purge never holds many row locks or one long transaction. */
    static final int PURGE_BATCH = 5_000;
    /** A key claimed or answered in a transaction of its own would commit apart from what its request wrote. */
    private static final TransactionDefinition IN_CALLERS_TRANSACTION =
            TransactionDefinition.of(TransactionDefinition.Propagation.MANDATORY);

    private final TransactionOperations<Connection> tx;
    private final Duration retention;

    public PostgresIdempotencyStore(TransactionOperations<Connection> tx,
            AdapterSettings.Idempotency settings) {
        Duration retention = settings.retention();
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("runvault.idempotency.retention must be positive, not " + retention);
        }
        this.tx = tx;
        this.retention = retention;
    }

    @Override
    public Claim claim(String scope, String key, String requestHash) {
        return tx.execute(IN_CALLERS_TRANSACTION, status -> {
            Connection connection = status.getConnection();
            // One statement either way: a new key is inserted; an expired one is taken over as if new (the row
            // lock then makes a concurrent repeat wait, as on a fresh insert); a live one is left alone.
            int claimed = Jdbc.update(connection,
                    "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (?, ?, ?) "
                            + "ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                            + "status_code = NULL, response_body = NULL, location = NULL, created_at = now() "
                            + "WHERE idempotency_keys.created_at < now() - make_interval(secs => ?)",
                    scope, key, requestHash, seconds());
            if (claimed == 1) {
                return new Claim.Granted();
            }
            return Jdbc.queryOne(connection,
                    "SELECT request_hash, status_code, response_body, location FROM idempotency_keys "
                            + "WHERE scope = ? AND key = ?",
                    rs -> rs.getString(1).equals(requestHash)
                            ? new Claim.Replayed(new StoredResponse(rs.getInt(2), rs.getString(3), rs.getString(4)))
                            : new Claim.Mismatch(),
                    scope, key).orElseThrow();
        });
    }

    @Override
    public void remember(String scope, String key, StoredResponse response) {
        tx.execute(IN_CALLERS_TRANSACTION, status -> Jdbc.update(status.getConnection(),
                "UPDATE idempotency_keys SET status_code = ?, response_body = ?, location = ? "
                        + "WHERE scope = ? AND key = ?",
                response.status(), response.body(), response.location(), scope, key));
    }

    @Override
    public int purgeExpired() {
        int purged = 0;
        int batch;
        do {
            batch = tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                    "DELETE FROM idempotency_keys WHERE (scope, key) IN (SELECT scope, key FROM idempotency_keys "
                            + "WHERE created_at < now() - make_interval(secs => ?) LIMIT ? FOR UPDATE SKIP LOCKED)",
                    seconds(), PURGE_BATCH));
            purged += batch;
        } while (batch == PURGE_BATCH);
        return purged;
    }

    private double seconds() {
        return retention.toMillis() / 1000.0;
    }
}
