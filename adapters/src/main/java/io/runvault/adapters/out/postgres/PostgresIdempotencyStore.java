package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.adapters.in.rest.IdempotencyStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Adapter: remembers the response of each request that carried an Idempotency-Key. The key row is inserted in the
 * same transaction as whatever the request creates, so a concurrent request with the same key blocks on the
 * unique index until the first commits (then replays) or rolls back (then runs itself): never twice, never lost.
 */
@Singleton
public class PostgresIdempotencyStore implements IdempotencyStore {
    private final TransactionOperations<Connection> tx;

    public PostgresIdempotencyStore(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public Outcome execute(String scope, String key, String requestHash, Supplier<StoredResponse> action) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            int inserted = Jdbc.update(connection,
                    "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (?, ?, ?) "
                            + "ON CONFLICT (scope, key) DO NOTHING",
                    scope, key, requestHash);
            if (inserted == 1) {
                StoredResponse response = action.get();
                Jdbc.update(connection,
                        "UPDATE idempotency_keys SET status_code = ?, response_body = ?, location = ? "
                                + "WHERE scope = ? AND key = ?",
                        response.status(), response.body(), response.location(), scope, key);
                return new Outcome.Fresh(response);
            }
            return Jdbc.queryOne(connection,
                    "SELECT request_hash, status_code, response_body, location FROM idempotency_keys "
                            + "WHERE scope = ? AND key = ?",
                    rs -> rs.getString(1).equals(requestHash)
                            ? new Outcome.Replayed(new StoredResponse(rs.getInt(2), rs.getString(3), rs.getString(4)))
                            : new Outcome.Mismatch(),
                    scope, key).orElseThrow();
        });
    }
}
