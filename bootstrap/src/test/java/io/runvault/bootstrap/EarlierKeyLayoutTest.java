package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoredObject;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** An artifact stored under an earlier key layout keeps the key its row records: read, re-sent and archived there. */
@MicronautTest(transactional = false)
class EarlierKeyLayoutTest extends ServerTest {
    @Inject
    ArtifactObjects storage;

    @Test
    void anArtifactStoredUnderTheEarlierLayoutStaysAtItsRecordedKey() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        String prefix = api().get("/api/v1/jobs/" + job).body().get("storagePrefix").getStringValue();
        var runs = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}},{\"config\":{}}]}");
        long run = runs.body().get("runs").get(0).get("id").getLongValue();
        byte[] results = ArtifactsApiTest.zip("out.csv", "stored long ago");
        var earlier = new StorageKey(prefix + "runs/" + run + "/final/results.zip");
        StoredObject stored = storage.putIfAbsent(earlier, new ByteArrayInputStream(results),
                DeclaredLength.of(results.length));
        try (Connection connection = database.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO artifacts (job_id, run_id, kind, stage, key, state, size, checksum_algorithm, checksum, "
                        + "seq) VALUES (?, ?, 'run_results', 'final', ?, 'STORED', ?, 'SHA256', ?, "
                        + "nextval('artifact_stored_seq'))")) {
            insert.setLong(1, job);
            insert.setLong(2, run);
            insert.setString(3, earlier.value());
            insert.setLong(4, stored.size());
            insert.setString(5, stored.sha256().value());
            insert.executeUpdate();
        }

        var listed = api().get("/api/v1/jobs/" + job + "/results");
        assertEquals(1, listed.body().get("items").size());
        String url = listed.body().get("items").get(0).get("url").getStringValue();
        assertArrayEquals(results, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());

        Api worker = workerFor(job, null);
        var again = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip").PUT(HttpRequest.BodyPublishers.ofByteArray(results)));
        assertEquals(200, again.status(), again.raw().body());
        assertEquals(earlier.value(), again.body().get("key").getStringValue(), "the row's key, not a new one");

        var started = admin().post("/api/v1/admin/jobs/" + job + "/archive", "{}");
        assertEquals(202, started.status(), started.raw().body());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> admin()
                .get("/api/v1/admin/operations/" + started.id()).body().get("state").getStringValue()
                .equals("SUCCEEDED"));
        var manifest = admin().get("/api/v1/admin/jobs/" + job + "/manifest").body().get("items").get(0);
        assertEquals(earlier.value(), manifest.get("key").getStringValue());
        assertEquals("archive/" + earlier.value(), manifest.get("locationKey").getStringValue());
    }
}
