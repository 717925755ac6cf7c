package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Under a burst, every upload must become its own object: no key is derived from a clock. */
@MicronautTest(transactional = false)
@Tag("heavy")
class ConcurrentUploadsTest extends ServerTest {
    private static final int UPLOADS = 500;

    @Test
    void fiveHundredConcurrentResultsUploadsYieldFiveHundredDistinctObjects() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        var runs = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < UPLOADS; i++) {
            runs.append(i == 0 ? "" : ",").append("{\"config\":{\"i\":").append(i).append("}}");
        }
        var created = api().post("/api/v1/jobs/" + job + "/runs", runs.append("]}").toString());
        List<Long> runIds = new ArrayList<>();
        for (JsonNode run : created.body().get("runs").values()) {
            runIds.add(run.get("id").getLongValue());
        }

        Api worker = workerFor(job, null);
        List<Callable<Api.Reply>> uploads = runIds.stream().<Callable<Api.Reply>>map(run -> () -> worker.send(
                worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(ArtifactsApiTest.zip("r", "run " + run)))))
                .toList();
        Set<String> keys = new HashSet<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Api.Reply> reply : threads.invokeAll(uploads)) {
                Api.Reply r = reply.get();
                assertEquals(201, r.status(), () -> r.raw().body());
                keys.add(r.body().get("key").getStringValue());
            }
        }
        assertEquals(UPLOADS, keys.size());

        Set<String> listed = new HashSet<>();
        String cursor = null;
        do {
            var page = api().get("/api/v1/jobs/" + job + "/results?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            page.body().get("items").values().forEach(item -> listed.add(item.get("url").getStringValue()));
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.getStringValue();
        } while (cursor != null);
        assertEquals(UPLOADS, listed.size());
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rs = statement.executeQuery(
                        "SELECT count(DISTINCT key), count(DISTINCT seq) FROM artifacts WHERE state = 'STORED'")) {
            rs.next();
            assertEquals(UPLOADS, rs.getInt(1));
            assertEquals(UPLOADS, rs.getInt(2));
        }
    }
}
