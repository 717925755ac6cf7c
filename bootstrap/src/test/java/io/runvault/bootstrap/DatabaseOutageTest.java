package io.runvault.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database goes down under a running server (a TCP proxy in front of Postgres, cut by the test): reads and
 * writes are answered 503 database-unavailable within seconds, /health says DOWN within 2 s, and once the database
 * is back everything works again without a restart.
 */
@Tag("heavy")
@MicronautTest(transactional = false)
class DatabaseOutageTest extends ServerTest {
    private final TcpProxy proxy = proxyTo(database.url());

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        URI direct = URI.create(database.url().substring("jdbc:".length()));
        properties.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath());
        // A request in the outage may wait out the pool's connection timeout, and a few of them can outlast the
        // default TTL of looked-up tokens: a token forgotten meanwhile asks the database before the route runs, and
        // /health with it would wait for the pool, not for its own checks. Tokens kept for the whole test take each
        // request where it is meant to go; only the unseen one asks the database first.
        properties.put("runvault.security.token-cache-ttl", "1h");
        return properties;
    }

    private static TcpProxy proxyTo(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return TcpProxy.to(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    @AfterAll
    void closeProxy() {
        proxy.close();
    }

    @Test
    void whileTheDatabaseIsDownRequestsAre503AndAfterwardsEverythingWorksAgain() {
        long job = api().post("/api/v1/jobs", "{}").id();
        assertEquals(200, api().get("/api/v1/jobs/" + job).status());
        Api unseen = anonymous().as(issueToken("CLIENT", "unseen", null, null));
        Api unseenAdmin = anonymous().as(issueToken("ADMIN", "unseen admin", null, null));

        proxy.cut();
        try {
            // A token this server has not looked up yet: the database is asked before any route runs.
            assertUnavailable(timed(Duration.ofSeconds(5), () -> unseen.get("/api/v1/jobs")));
            Api.Reply read = timed(Duration.ofSeconds(5), () -> api().get("/api/v1/jobs/" + job));
            assertUnavailable(read);
            Api.Reply write = timed(Duration.ofSeconds(5), () -> api().post("/api/v1/jobs", "{}"));
            assertUnavailable(write);
            Api.Reply submit = timed(Duration.ofSeconds(5),
                    () -> api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}"));
            assertUnavailable(submit);
            Api.Reply health = timed(Duration.ofSeconds(2), () -> admin().get("/health"));
            assertEquals(503, health.status(), () -> health.raw().body());
            assertEquals("DOWN", health.body().get("details").get("jdbc").get("status").getStringValue());
            // An admin token not looked up yet cannot be checked now: the status alone, as for anyone, and in time.
            Api.Reply unchecked = timed(Duration.ofSeconds(2), () -> unseenAdmin.get("/health"));
            assertEquals(503, unchecked.status(), () -> unchecked.raw().body());
            assertEquals("DOWN", unchecked.body().get("status").getStringValue());
            assertNull(unchecked.body().get("details"), () -> unchecked.raw().body());
        } finally {
            proxy.restore();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> api().get("/api/v1/jobs/" + job).status() == 200);
        assertEquals(201, api().post("/api/v1/jobs", "{}").status());
        assertEquals(201, api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").status());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Api.Reply health = anonymous().get("/health");
            assertEquals(200, health.status(), () -> health.raw().body());
        });
        // Once the database answers, the same admin token is checked and sees the details.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals("UP",
                unseenAdmin.get("/health").body().get("details").get("jdbc").get("status").getStringValue()));
    }

    private static void assertUnavailable(Api.Reply reply) {
        assertEquals(503, reply.status(), () -> reply.raw().body());
        assertEquals("urn:runvault:problem:database-unavailable", reply.problemType());
        assertEquals("5", reply.header("Retry-After"));
    }

    private static Api.Reply timed(Duration limit, Supplier<Api.Reply> request) {
        long started = System.nanoTime();
        Api.Reply reply = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("%s answered %d in %d ms%n", reply.raw().request().uri().getPath(), reply.status(),
                took.toMillis());
        assertTrue(took.compareTo(limit) < 0, () -> "answered after " + took + ", more than " + limit);
        return reply;
    }
}
