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
import org.junit.jupiter.api.BeforeAll;

/**
 * Rounds of three writers racing to store one run's final results, a fresh run each round, and what every round must
 * end in: one writer's bytes stored (201), the others told the outcome (other bytes: 409 artifact-exists, the same
 * bytes: 200), and the row, the stored object and the 201 writer's bytes one and the same.
 */
abstract class RacingRounds extends ServerTest {
    static final int ROUNDS = 20;
    static final int WRITERS = 3;

    private final Random random = new Random(getClass().getSimpleName().hashCode());
    private List<Long> runs;
    private int nextRun;
    long job;
    Api worker;

    /** How many runs the rounds of the subclass use. */
    abstract int runsNeeded();

    @BeforeAll
    void runs() {
        job = api().post("/api/v1/jobs", "{}").id();
        var body = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < runsNeeded(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"config\":{\"i\":").append(i).append("}}");
        }
        runs = new ArrayList<>();
        for (JsonNode run : api().post("/api/v1/jobs/" + job + "/runs", body.append("]}").toString()).body()
                .get("runs").values()) {
            runs.add(run.get("id").getLongValue());
        }
        worker = workerFor(job, null);
    }

    long nextRun() {
        return runs.get(nextRun++);
    }

    /** A zip of some 100 KB that does not compress, so storing and hashing it takes a moment. */
    byte[] results(long run, int writer) {
        byte[] noise = new byte[75_000];
        random.nextBytes(noise);
        return ArtifactsApiTest.zip("results.txt", "run " + run + " writer " + writer + "\n"
                + Base64.getEncoder().encodeToString(noise));
    }

    /** Writers of different bytes: one 201, two 409 artifact-exists, and the winner's bytes are what is stored. */
    void assertOneStoredOthersRefused(List<Api.Reply> replies, byte[][] bodies) throws Exception {
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

    /** Writers of the same bytes: one 201, two 200 naming the same artifact, and those bytes are what is stored. */
    void assertOneStoredOthersAgreed(List<Api.Reply> replies, byte[] bytes) throws Exception {
        assertEquals(List.of(200, 200, 201), statuses(replies), () -> describe(replies));
        Api.Reply created = replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
        assertStoredAre(created, bytes);
        for (Api.Reply reply : replies) {
            assertEquals(created.body().get("id").getLongValue(), reply.body().get("id").getLongValue());
        }
    }

    /** The row's checksum, the downloaded object and the 201 writer's bytes are one and the same. */
    void assertStoredAre(Api.Reply created, byte[] bytes) throws Exception {
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

    private static List<Integer> statuses(List<Api.Reply> replies) {
        return replies.stream().map(Api.Reply::status).sorted().toList();
    }

    private static String describe(List<Api.Reply> replies) {
        return replies.stream().map(r -> r.status() + " " + r.raw().body()).toList().toString();
    }
}
