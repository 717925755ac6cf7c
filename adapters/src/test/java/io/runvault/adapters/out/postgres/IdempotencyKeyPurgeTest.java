package io.runvault.adapters.out.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.application.port.out.IdempotencyStore.StoredResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/* Here rather than beside the purge: incoming adapters may not touch JDBC, not even in their tests. */
class IdempotencyKeyPurgeTest {

    @Test
    void expiredKeysArePurgedOnTheConfiguredSchedule() throws Exception {
        var database = TestPostgres.freshDatabase();
        var properties = new HashMap<>(database.properties());
        properties.put("runvault.idempotency.purge-interval", "200ms");
        try (ApplicationContext context = ApplicationContext.run(properties);
                Connection connection = database.connect()) {
            var live = new StoredResponse(201, "{}", "/live");
            PostgresRepositoriesTest.keyed(context, "scheduled", "live", "h", () -> live);
            connection.createStatement().executeUpdate("INSERT INTO idempotency_keys (scope, key, request_hash, "
                    + "created_at) VALUES ('scheduled', 'old', 'h', now() - interval '25 hours')");

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(connection, "key = 'old'") == 0);
            assertEquals(0, count(connection, "key = 'old'"), "the expired key is gone without anyone asking");
            assertEquals(1, count(connection, "key = 'live'"), "the live one stays");
        }
    }

    private static long count(Connection connection, String where) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(
                "SELECT count(*) FROM idempotency_keys WHERE scope = 'scheduled' AND " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
