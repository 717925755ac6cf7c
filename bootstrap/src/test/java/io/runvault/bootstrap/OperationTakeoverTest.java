package io.runvault.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.testing.TcpProxy;
import io.runvault.adapters.testing.TestS3;
import io.runvault.application.port.out.ArtifactObjects;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database and store. The first stalls in the middle of an archive (its copies held at a gate) and
 * loses its database meanwhile (a TCP proxy the test cuts), so its claim lapses and the second server takes the
 * operation over and finishes it. When the first wakes up it writes nothing: every write of a step names its claim.
 */
@Tag("heavy")
@MicronautTest(transactional = false)
class OperationTakeoverTest extends ServerTest {
    private static final int ARTIFACTS = 8;
    private final String archiveBucket = TestS3.freshBucket();
    private final TcpProxy proxy = TcpProxy.to("127.0.0.1", URI.create(database.url().substring(5)).getPort());
    private Map<String, String> storage;
    private FaultyStorage first;

    @Inject
    void storage(FaultyStorage faulty) {
        first = faulty;
    }

    @Inject
    ArtifactObjects objects;

    @Override
    protected Map<String, String> storageProperties() {
        if (storage != null) {
            // The second server shares the first one's store.
            return storage;
        }
        storage = new HashMap<>(TestS3.freshProperties());
        storage.put("runvault.test.storage", "faulty");
        storage.put("runvault.archive.bucket", archiveBucket);
        storage.put("runvault.archive.parallel-copies", "2");
        storage.put("runvault.operations.lease", "1s");
        return storage;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port()
                + URI.create(database.url().substring(5)).getPath());
        return properties;
    }

    @AfterAll
    void closeProxy() {
        proxy.close();
    }

    @Test
    void aRunnerStalledPastItsLeaseWritesNothingAfterAnotherServerTookItsOperationOver() throws Exception {
        long job = admin().post("/api/v1/jobs", "{}").id();
        seedStoredResults(objects, job, ARTIFACTS);
        CountDownLatch stall = first.holdCopies();
        long operation = admin().post("/api/v1/admin/jobs/" + job + "/archive", "").id();
        await().atMost(Duration.ofSeconds(20)).until(() -> first.copiesHeld() == 2);

        proxy.cut();
        Map<String, Object> second = new HashMap<>(super.getProperties());
        try (var survivor = ApplicationContext.run(EmbeddedServer.class, second)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("SUCCEEDED", state(operation),
                    () -> messages(operation)));
        } finally {
            proxy.restore();
            stall.countDown();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> first.copiesReturned() == 2);
        // Whatever the first runner still does, it changes nothing from here on.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                first.landedCopies().isEmpty() && first.copiesReturned() == 2
                        && "SUCCEEDED".equals(state(operation)) && count("SELECT count(*) FROM operation_steps "
                        + "WHERE operation_id = " + operation + " AND state = 'DONE' AND attempts = 1") == ARTIFACTS
                        && count("SELECT count(*) FROM operation_steps WHERE operation_id = " + operation) == ARTIFACTS
                        && count("SELECT count(*) FROM audit_log WHERE action = 'ARCHIVE finished' AND target = 'job "
                        + job + " operation " + operation + "'") == 1);
        var ended = admin().get("/api/v1/admin/operations/" + operation).body();
        assertEquals("SUCCEEDED", ended.get("state").getStringValue(), ended::toString);
        assertEquals(ARTIFACTS, ended.get("done").getLongValue());
        assertTrue(ended.get("claimedBy").isNull(), ended::toString);
        assertEquals(ARTIFACTS, count("SELECT count(*) FROM artifacts WHERE job_id = " + job
                + " AND location = 'ARCHIVE'"));
    }

    private String state(long operation) throws Exception {
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT state FROM operations WHERE id = ?")) {
            select.setLong(1, operation);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String messages(long operation) {
        try (Connection connection = database.connect(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT state, message FROM operation_steps WHERE operation_id = " + operation)) {
            StringBuilder all = new StringBuilder();
            while (rs.next()) {
                all.append(rs.getString(1)).append(' ').append(rs.getString(2)).append('\n');
            }
            return all.toString();
        } catch (java.sql.SQLException e) {
            return e.toString();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.connect(); ResultSet rs = connection.createStatement()
                .executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
