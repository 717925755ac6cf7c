package io.runvault.adapters.out.postgres;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.runvault.adapters.out.HealthChecks;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health: the database hands out a connection that answers, within {@link HealthChecks#LIMIT}. Named "jdbc" like
 * the indicator it replaces, whose check waits as long as the pool's connection timeout.
 */
@Singleton
@Readiness
public class DatabaseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final ConnectionOperations<Connection> connections;

    public DatabaseHealthIndicator(ConnectionOperations<Connection> connections) {
        this.connections = connections;
    }

    @Override
    public String getName() {
        return "jdbc";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        long started = System.nanoTime();
        try {
            String product = HealthChecks.within(() -> connections.executeRead(status -> Jdbc.unchecked(() -> {
                Connection connection = status.getConnection();
                if (!connection.isValid(1)) {
                    throw new SQLException("the connection did not answer");
                }
                return connection.getMetaData().getDatabaseProductName();
            })));
            details.put("database", product);
            healthStatus = HealthStatus.UP;
        } catch (Exception e) {
            healthStatus = HealthStatus.DOWN;
            details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        details.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        return details;
    }
}
