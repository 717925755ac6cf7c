package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.runvault.application.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three clients each request a presigned single upload of one run's final results at the same instant, PUT their
 * bytes and complete, twenty times over: one completion stores its bytes (201), the others are told the outcome
 * (other bytes: 409 artifact-exists, the same bytes: 200), and the row, the stored object and the 201 client's bytes
 * always agree. Subclasses run it against a store that honours If-None-Match and one that ignores it.
 */
abstract class RacingPresignedUploads extends ServerTest {
    private static final int ROUNDS = 20;
    private static final int CLIENTS = 3;

    private final Random random = new Random(16);
    private long job;
    private List<Long> runs;
    private int nextRun;
    private Api worker;

    @BeforeAll
    void runs() {
        job = api().post("/api/v1/jobs", "{}").id();
        var body = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < ROUNDS * 2 + 1; i++) {
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
    void clientsUploadingDifferentBytesGetOne201AndTwo409s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long run = runs.get(nextRun++);
            byte[][] bodies = new byte[CLIENTS][];
            for (int c = 0; c < CLIENTS; c++) {
                bodies[c] = results(run, c);
            }
            List<Api.Reply> replies = race(run, bodies);
            assertEquals(List.of(201, 409, 409), statuses(replies), () -> describe(replies));
            int winner = -1;
            for (int c = 0; c < CLIENTS; c++) {
                if (replies.get(c).status() == 201) {
                    winner = c;
                } else {
                    assertTrue(replies.get(c).problemType().endsWith("artifact-exists"), replies.get(c).raw().body());
                }
            }
            assertStoredAre(replies.get(winner), bodies[winner]);
        }
    }

    @Test
    void clientsUploadingTheSameBytesGetOne201AndTwo200s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long run = runs.get(nextRun++);
            byte[] bytes = results(run, -1);
            List<Api.Reply> replies = race(run, new byte[][] {bytes, bytes, bytes});
            assertEquals(List.of(200, 200, 201), statuses(replies), () -> describe(replies));
            Api.Reply created = replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
            assertStoredAre(created, bytes);
            for (Api.Reply reply : replies) {
                assertEquals(created.body().get("id").getLongValue(), reply.body().get("id").getLongValue());
            }
        }
    }

    @Test
    void aPutToTheStagingUrlAfterCompletingCannotChangeWhatIsStored() throws Exception {
        long run = runs.get(nextRun++);
        byte[] bytes = results(run, 0);
        JsonNode upload = request(run);
        assertEquals(200, ArtifactsApiTest.presignedPut(upload, bytes).statusCode());
        Api.Reply completed = complete(upload, bytes);
        assertEquals(201, completed.status(), completed.raw().body());

        byte[] other = results(run, 1);
        var again = ArtifactsApiTest.presignedPut(upload, other);
        assertEquals(200, again.statusCode(), "the staging key was emptied once copied: " + again.body());
        Api.Reply completedAgain = worker.post("/api/v1/jobs/" + job + "/uploads/"
                + upload.get("artifactId").getLongValue() + "/complete", ArtifactsApiTest.completion(upload, null));
        assertEquals(409, completedAgain.status(), completedAgain.raw().body());
        assertTrue(completedAgain.problemType().endsWith("artifact-exists"), completedAgain.raw().body());
        assertStoredAre(completed, bytes);
    }

    /** The row's checksum, the downloaded object and the 201 client's bytes are one and the same. */
    private void assertStoredAre(Api.Reply created, byte[] bytes) throws Exception {
        String recorded = created.body().get("sha256").getStringValue();
        assertEquals(Sha256.hex(bytes), recorded);
        long artifact = created.body().get("id").getLongValue();
        var redirect = api().get("/api/v1/artifacts/" + artifact + "/download");
        assertEquals(302, redirect.status(), redirect.raw().body());
        try (var http = HttpClient.newHttpClient()) {
            byte[] downloaded = http.send(HttpRequest.newBuilder(URI.create(redirect.header("Location"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            assertArrayEquals(bytes, downloaded);
        }
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

    /**
     * Each client requests its upload and PUTs its bytes once all are released; all complete together once every
     * PUT is done, so the completions race (an upload requested after another's completion would be refused).
     */
    private List<Api.Reply> race(long run, byte[][] bodies) throws Exception {
        var barrier = new CyclicBarrier(CLIENTS);
        List<Future<Api.Reply>> clients = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                byte[] bytes = bodies[c];
                clients.add(threads.submit(() -> {
                    JsonNode upload;
                    try {
                        barrier.await(30, TimeUnit.SECONDS);
                        upload = request(run);
                        var put = ArtifactsApiTest.presignedPut(upload, bytes);
                        assertEquals(200, put.statusCode(), put.body());
                    } catch (Throwable e) {
                        // The others stop waiting for this client at once, and its failure is the one reported.
                        barrier.reset();
                        throw e;
                    }
                    barrier.await(30, TimeUnit.SECONDS);
                    return complete(upload, bytes);
                }));
            }
            List<Api.Reply> replies = new ArrayList<>();
            ExecutionException failed = null;
            for (Future<Api.Reply> client : clients) {
                try {
                    replies.add(client.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failed = failed == null || failed.getCause() instanceof BrokenBarrierException ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            return replies;
        }
    }

    private JsonNode request(long run) {
        var reply = worker.post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"run_results\",\"runId\":" + run + "}");
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.body();
    }

    private Api.Reply complete(JsonNode upload, byte[] bytes) {
        return worker.post("/api/v1/jobs/" + job + "/uploads/" + upload.get("artifactId").getLongValue()
                + "/complete", ArtifactsApiTest.completion(upload, Sha256.hex(bytes)));
    }

    /** A zip of some 100 KB that does not compress, so copying and hashing it takes a moment. */
    private byte[] results(long run, int client) {
        byte[] noise = new byte[75_000];
        random.nextBytes(noise);
        return ArtifactsApiTest.zip("results.txt", "run " + run + " client " + client + "\n"
                + Base64.getEncoder().encodeToString(noise));
    }

    private static List<Integer> statuses(List<Api.Reply> replies) {
        return replies.stream().map(Api.Reply::status).sorted().toList();
    }

    private static String describe(List<Api.Reply> replies) {
        return replies.stream().map(r -> r.status() + " " + r.raw().body()).toList().toString();
    }
}
