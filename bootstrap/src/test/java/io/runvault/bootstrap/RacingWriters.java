package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.runvault.application.Sha256;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three workers upload one run's results at the same instant, twenty times over: one of them stores its bytes (201),
 * the others are told the outcome (other bytes: 409 artifact-exists, the same bytes: 200), and the row, the stored
 * object and the 201 writer's bytes always agree. Subclasses run it against a store that honours If-None-Match and
 * one that ignores it.
 */
abstract class RacingWriters extends ServerTest {
    private static final int ROUNDS = 20;
    private static final int WRITERS = 3;

    private final Random random = new Random(15);
    private long job;
    private List<Long> runs;
    private int nextRun;
    private Api worker;

    @BeforeAll
    void runs() {
        job = api().post("/api/v1/jobs", "{}").id();
        var body = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < ROUNDS * 3; i++) {
            body.append(i == 0 ? "" : ",").append("{\"config\":{\"i\":").append(i).append("}}");
        }
        runs = new ArrayList<>();
        for (JsonNode run : api().post("/api/v1/jobs/" + job + "/runs", body.append("]}").toString()).body()
                .get("runs").values()) {
            runs.add(run.get("id").getLongValue());
        }
        worker = workerFor(job, null);
    }

    @Test
    void writersOfDifferentBytesWithContentLengthGetOne201AndTwo409s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            differentBytesRound(false);
        }
    }

    @Test
    void writersOfDifferentChunkedBytesGetOne201AndTwo409s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            differentBytesRound(true);
        }
    }

    @Test
    void writersOfTheSameBytesGetOne201AndTwo200s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long run = runs.get(nextRun++);
            byte[] bytes = results(run, -1);
            List<Api.Reply> replies = race(run, w -> bytes, w -> w % 2 == 1);
            assertEquals(List.of(200, 200, 201), statuses(replies), () -> describe(replies));
            Api.Reply created = replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
            assertStoredAre(created, bytes);
            for (Api.Reply reply : replies) {
                assertEquals(created.body().get("id").getLongValue(), reply.body().get("id").getLongValue());
            }
        }
    }

    private void differentBytesRound(boolean chunked) throws Exception {
        long run = runs.get(nextRun++);
        byte[][] bodies = new byte[WRITERS][];
        for (int w = 0; w < WRITERS; w++) {
            bodies[w] = results(run, w);
        }
        List<Api.Reply> replies = race(run, w -> bodies[w], w -> chunked);
        assertEquals(List.of(201, 409, 409), statuses(replies), () -> describe(replies));
        int winner = -1;
        for (int w = 0; w < WRITERS; w++) {
            if (replies.get(w).status() == 201) {
                winner = w;
            } else {
                assertTrue(replies.get(w).problemType().endsWith("artifact-exists"), replies.get(w).raw().body());
            }
        }
        assertStoredAre(replies.get(winner), bodies[winner]);
    }

    /** The row's checksum, the downloaded object and the 201 writer's bytes are one and the same. */
    private void assertStoredAre(Api.Reply created, byte[] bytes) throws Exception {
        String recorded = created.body().get("sha256").getStringValue();
        assertEquals(Sha256.hex(bytes), recorded);
        long artifact = created.body().get("id").getLongValue();
        var redirect = api().get("/api/v1/artifacts/" + artifact + "/download");
        assertEquals(302, redirect.status(), redirect.raw().body());
        byte[] downloaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                redirect.header("Location"))).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        assertArrayEquals(bytes, downloaded);
        try (var connection = database.connect(); var statement = connection.prepareStatement(
                "SELECT checksum, state, writer FROM artifacts WHERE id = ?")) {
            statement.setLong(1, artifact);
            try (var rs = statement.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(recorded, rs.getString(1));
                assertEquals("STORED", rs.getString(2));
                assertEquals(null, rs.getString(3));
            }
        }
    }

    private List<Api.Reply> race(long run, java.util.function.IntFunction<byte[]> body,
            java.util.function.IntPredicate chunked) throws Exception {
        var barrier = new CyclicBarrier(WRITERS);
        List<Future<Api.Reply>> writers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                byte[] bytes = body.apply(w);
                HttpRequest.BodyPublisher publisher = chunked.test(w)
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes);
                writers.add(threads.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    return worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                            .PUT(publisher));
                }));
            }
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> writer : writers) {
                replies.add(writer.get(60, TimeUnit.SECONDS));
            }
            return replies;
        }
    }

    /** A zip of some 100 KB that does not compress, so reading and storing it takes a moment. */
    private byte[] results(long run, int writer) {
        byte[] noise = new byte[75_000];
        random.nextBytes(noise);
        return ArtifactsApiTest.zip("results.txt", "run " + run + " writer " + writer + "\n"
                + Base64.getEncoder().encodeToString(noise));
    }

    private static List<Integer> statuses(List<Api.Reply> replies) {
        return replies.stream().map(Api.Reply::status).sorted().toList();
    }

    private static String describe(List<Api.Reply> replies) {
        return replies.stream().map(r -> r.status() + " " + r.raw().body()).toList().toString();
    }
}
