package io.runvault.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.adapters.testing.TestS3;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-set-up start: embedded Postgres and S3 start beside the application context, which waits for each at its
 * first use of it.
 */
class EmbeddedDefaultsTest {
    private static final String ADMIN_TOKEN = "rv_test_admin_" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    Path dataDir;

    @Test
    void aServerOnEmbeddedDefaultsServesOnceBothServicesAreUp() throws Exception {
        try (EmbeddedDefaults.Started embedded = EmbeddedDefaults.start(
                new EmbeddedDefaults.Settings(Optional.empty(), Optional.empty(), dataDir, 0, 0, Optional.empty()))) {
            startAndServe(embedded);
            onlyThePasswordOpensTheDatabase(embedded);
        }
        assertTrue(Files.isDirectory(dataDir.resolve("postgres")));
        assertTrue(Files.isDirectory(dataDir.resolve("s3").resolve(EmbeddedDefaults.EMBEDDED_BUCKET)));
    }

    /** Any local user could connect to a cluster that trusts local connections, and from there run programs. */
    private void onlyThePasswordOpensTheDatabase(EmbeddedDefaults.Started embedded) throws Exception {
        String url = (String) embedded.properties().get("datasources.default.url");
        String password = (String) embedded.properties().get("datasources.default.password");
        Path kept = dataDir.resolve(EmbeddedDefaults.POSTGRES_PASSWORD_FILE);
        assertEquals(password, Files.readString(kept).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        for (String guess : new String[] {"", "postgres", password + "x"}) {
            var refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", guess));
            // 28P01: the password was wrong; 08004: the driver had none to send when the server asked for one.
            assertTrue(Set.of("28P01", "08004").contains(refused.getSQLState()), refused::getMessage);
        }
        try (var connection = DriverManager.getConnection(url, "postgres", password)) {
            assertTrue(connection.isValid(5));
        }
        List<String> rules = Files.readAllLines(dataDir.resolve("postgres").resolve("pg_hba.conf")).stream()
                .filter(line -> line.matches("\\s*(local|host)\\S*\\s.*")).toList();
        assertFalse(rules.isEmpty());
        assertTrue(rules.stream().allMatch(rule -> rule.strip().endsWith("scram-sha-256")), rules.toString());
    }

    private static void startAndServe(EmbeddedDefaults.Started embedded) {
        // Where both will be is known at once, before either is up: that is what lets the context start meanwhile.
        assertTrue(embedded.properties().containsKey("datasources.default.url"));
        assertTrue(embedded.properties().containsKey("runvault.storage.s3.endpoint"));

        try (ApplicationContext context = Micronaut.build(new String[0])
                .properties(serverProperties(embedded.properties()))
                .singletons(embedded)
                .start()) {
            // The admin token is made at start-up: the context waited for the database.
            assertTrue(embedded.postgres().isDone());
            URI base = context.getBean(EmbeddedServer.class).getURI();
            HttpResponse<String> health = send(HttpRequest.newBuilder(base.resolve("/health"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN));
            assertEquals(200, health.statusCode(), health::body);
            JsonNode details = context.getBean(JsonMapper.class).readValue(health.body(), JsonNode.class)
                    .get("details");
            assertEquals("UP", details.get("jdbc").get("status").getStringValue());
            assertEquals("UP", details.get("storage").get("status").getStringValue());
            HttpResponse<String> job = send(HttpRequest.newBuilder(base.resolve("/api/v1/jobs"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tags\":[\"embedded\"]}")));
            assertEquals(201, job.statusCode(), job::body);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aClusterMadeWhenLocalUsersWereTrustedRequiresThePasswordFromItsNextStart() throws Exception {
        Path cluster = dataDir.resolve("postgres");
        Files.createDirectories(cluster);
        // As earlier versions made it: initdb's trust for every local connection.
        try (var old = EmbeddedPostgres.builder().setDataDirectory(cluster).setCleanDataDirectory(false).start();
                var trusted = old.getPostgresDatabase().getConnection()) {
            assertTrue(trusted.isValid(5));
        }
        try (EmbeddedDefaults.Started embedded = EmbeddedDefaults.start(
                new EmbeddedDefaults.Settings(Optional.empty(), Optional.of("external"), dataDir, 0, 0, Optional.empty()))) {
            embedded.awaitPostgres();
            onlyThePasswordOpensTheDatabase(embedded);
        }
    }

    @Test
    void anEmbeddedPostgresThatFailsToStartFailsTheStartWithItsOwnError() {
        IllegalStateException failure = new IllegalStateException("embedded Postgres could not start");
        Map<String, Object> properties = new HashMap<>();
        TestPostgres.freshDatabase().properties().forEach(properties::put);
        properties.putAll(TestS3.freshProperties());
        EmbeddedDefaults.Started embedded = new EmbeddedDefaults.Started(Map.copyOf(properties),
                CompletableFuture.failedFuture(failure), CompletableFuture.completedFuture(null));

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> ApplicationContext.builder()
                .properties(serverProperties(embedded.properties()))
                .singletons(embedded)
                .start());
        assertSame(failure, rootCause(thrown));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Map<String, Object> serverProperties(Map<String, Object> embedded) {
        Map<String, Object> properties = new HashMap<>(embedded);
        properties.put("micronaut.server.port", -1);
        properties.put("runvault.security.bootstrap-admin-token", ADMIN_TOKEN);
        return properties;
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
