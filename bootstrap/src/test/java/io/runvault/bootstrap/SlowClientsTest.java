package io.runvault.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.application.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Five hundred workers on dead-slow links: each sends the start of its results and then nothing. Meanwhile the rest
 * of the API answers as usual; once the idle timeout passes, the stalled uploads are cut off with nothing stored and
 * their write claims let go. A small body is read whole before its claim is taken, so a stalled one keeps no writer
 * of the same results waiting.
 */
@MicronautTest(transactional = false)
@Tag("heavy")
class SlowClientsTest extends ServerTest {
    private static final int STALLED = 500;
    /**
     * Long enough for every stalled upload to be claimed, and the checks made, before the first is cut off, on a
     * machine busy enough to take many seconds over the sockets and their claims.
     */
    private static final Duration IDLE = Duration.ofSeconds(30);
    /** A request starved by the stalled uploads would wait for them to be cut off, an idle timeout away. */
    private static final Duration PROMPT = Duration.ofSeconds(5);
    /** Over the size of a body the server reads whole before it claims the artifact: these stream, claim first. */
    private static final int STREAMED = 4 << 20;

    private final List<Socket> sockets = new ArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("runvault.uploads.idle-timeout", IDLE.toSeconds() + "s");
        return properties;
    }

    @AfterAll
    void hangUp() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void stalledUploadsStarveNothingAndAreCutOffAfterTheIdleTimeout() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        var body = new StringBuilder("{\"runs\":[");
        for (int i = 0; i <= STALLED; i++) {
            body.append(i == 0 ? "" : ",").append("{\"config\":{\"i\":").append(i).append("}}");
        }
        List<Long> runs = new ArrayList<>();
        for (JsonNode run : api().post("/api/v1/jobs/" + job + "/runs", body.append("]}").toString()).body()
                .get("runs").values()) {
            runs.add(run.get("id").getLongValue());
        }
        String token = issueToken("WORKER", "slow-worker", job, null);
        byte[] zip = ArtifactsApiTest.zip("results.txt", "x".repeat(10_000));

        for (int i = 0; i < STALLED; i++) {
            Socket socket = new Socket(server.getHost(), server.getPort());
            sockets.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/jobs/" + job + "/runs/" + runs.get(i) + "/results HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/zip\r\nContent-Length: " + STREAMED + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(Arrays.copyOf(zip, 100));
            out.flush();
        }
        await().atMost(IDLE.dividedBy(2)).until(() -> claimed(job) == STALLED);

        Api worker = admin().as(token);
        assertPrompt(() -> anonymous().get("/health").status(), 200);
        assertPrompt(() -> api().get("/api/v1/jobs/" + job).status(), 200);
        long small = runs.get(STALLED);
        assertPrompt(() -> worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + small + "/results")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip))).status(), 201);
        assertEquals(STALLED, claimed(job), "the stalled uploads were cut off before the checks were done");

        await().atMost(IDLE.plusSeconds(20)).until(() -> claimed(job) == 0);
        assertEquals(1, stored(job), "only the small upload is stored");
        for (Socket socket : sockets) {
            assertTrue(answer(socket).startsWith("HTTP/1.1 408"), "a stalled upload was not told it timed out");
        }
    }

    @Test
    void aStalledSmallUploadHoldsNoClaimAndKeepsNoOtherWriterOfTheSameResultsWaiting() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body()
                .get("runs").get(0).get("id").getLongValue();
        String token = issueToken("WORKER", "small-worker", job, run);
        byte[] stalledZip = ArtifactsApiTest.zip("results.txt", "stalled ".repeat(1_000));
        byte[] zip = ArtifactsApiTest.zip("results.txt", "complete ".repeat(1_000));
        String path = "/api/v1/jobs/" + job + "/runs/" + run + "/results";
        Api worker = admin().as(token);

        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/zip\r\nContent-Length: " + stalledZip.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(Arrays.copyOf(stalledZip, stalledZip.length / 2));
            out.flush();
            // Long enough for a claim to be taken had the stalled upload gone on to take one.
            Thread.sleep(500);
            assertEquals(0, claimed(job), "a stalled small upload holds a write claim");

            assertPrompt(() -> worker.send(worker.request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(zip)))
                    .status(), 201);
            assertTrue(answer(socket).startsWith("HTTP/1.1 408"), "the stalled upload was not told it timed out");
        }
        assertEquals(1, stored(job));
        String listed = worker.get("/api/v1/jobs/" + job + "/artifacts").raw().body();
        assertTrue(listed.contains(Sha256.hex(zip)), "the stored results are not the complete upload's: " + listed);
    }

    private static void assertPrompt(Supplier<Integer> call, int status) {
        long started = System.nanoTime();
        int answered = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(status, answered);
        assertTrue(took.compareTo(PROMPT) < 0, "took " + took);
    }

    private long claimed(long job) throws Exception {
        return count("SELECT count(*) FROM artifacts WHERE job_id = " + job + " AND writer IS NOT NULL");
    }

    private long stored(long job) throws Exception {
        return count("SELECT count(*) FROM artifacts WHERE job_id = " + job + " AND state = 'STORED'");
    }

    private long count(String sql) throws Exception {
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String answer(Socket socket) throws IOException {
        // Within the idle timeout and then some: a stalled upload is answered once it is cut off.
        socket.setSoTimeout((int) IDLE.plusSeconds(10).toMillis());
        InputStream in = socket.getInputStream();
        byte[] head = new byte[12];
        int read = 0;
        try {
            for (int n; read < head.length && (n = in.read(head, read, head.length - read)) > 0; ) {
                read += n;
            }
        } catch (SocketTimeoutException e) {
            return "";
        }
        return new String(head, 0, read, StandardCharsets.US_ASCII);
    }
}
