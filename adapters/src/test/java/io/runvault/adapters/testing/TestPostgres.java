package io.runvault.adapters.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one Postgres fixture: every test class gets a fresh database on a real server, found in this order:
 * TEST_JDBC_URL (with TEST_JDBC_USER / TEST_JDBC_PASSWORD), a server on 127.0.0.1:5432, Testcontainers when Docker
 * runs, else an embedded Postgres. Databases are dropped when the test JVM exits.
 */
public final class TestPostgres {
    private static Server server;
    private static final List<String> CREATED = new ArrayList<>();

    private TestPostgres() {
    }

    /** A database of its own for one test class. */
    public record Database(String url, String username, String password) {
        /** Micronaut configuration pointing the default datasource here, with Flyway migrating it at start. */
        public Map<String, Object> properties() {
            return Map.of(
                    "datasources.default.url", url,
                    "datasources.default.username", username,
                    "datasources.default.password", password,
                    "datasources.default.driver-class-name", "org.postgresql.Driver",
                    "datasources.default.dialect", "POSTGRES",
                    "flyway.datasources.default.enabled", "true",
                    "flyway.datasources.default.locations", "classpath:db/migration");
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }

    /** Where the server is and how to reach its maintenance database. */
    private record Server(String host, int port, String adminDatabase, String username, String password,
            String source) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    public static synchronized Database freshDatabase() {
        if (server == null) {
            server = locate();
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropAll));
        }
        String name = "runvault_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(server.url(server.adminDatabase()), server.username(),
                server.password()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database on " + server.source(), e);
        }
        CREATED.add(name);
        return new Database(server.url(name), server.username(), server.password());
    }

    /** Where the databases come from, for test reports. */
    public static synchronized String source() {
        return server == null ? "not started" : server.source();
    }

    private static Server locate() {
        String configured = System.getenv("TEST_JDBC_URL");
        if (configured != null && !configured.isBlank()) {
            URI uri = URI.create(configured.substring("jdbc:".length()));
            String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database,
                    envOr("TEST_JDBC_USER", "postgres"), envOr("TEST_JDBC_PASSWORD", ""), "TEST_JDBC_URL");
        }
        if (listening("127.0.0.1", 5432)) {
            return new Server("127.0.0.1", 5432, "postgres", "postgres", "", "local server on 127.0.0.1:5432");
        }
        if (dockerAvailable()) {
            var container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            return new Server(container.getHost(), container.getFirstMappedPort(), container.getDatabaseName(),
                    container.getUsername(), container.getPassword(), "Testcontainers");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            return new Server("localhost", embedded.getPort(), "postgres", "postgres", "", "embedded Postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("no Postgres could be found or started for the tests", e);
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static synchronized void dropAll() {
        var props = new Properties();
        props.setProperty("user", server.username());
        props.setProperty("password", server.password());
        try (Connection admin = DriverManager.getConnection(server.url(server.adminDatabase()), props);
                Statement statement = admin.createStatement()) {
            for (String name : CREATED) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // The JVM is exiting; a leftover database only costs disk on a test server.
        }
    }
}
