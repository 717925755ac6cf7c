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
import java.util.Optional;

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
        Optional<String> product = HealthChecks.probe(details,
                () -> connections.executeRead(status -> Jdbc.unchecked(() -> {
                    Connection connection = status.getConnection();
                    if (!connection.isValid(1)) {
                        throw new SQLException("the connection did not answer");
                    }
                    return connection.getMetaData().getDatabaseProductName();
                })));
        product.ifPresent(name -> details.put("database", name));
        healthStatus = product.isPresent() ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }
}
