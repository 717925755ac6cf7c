package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server does with requests that are slow, oversized or ambiguous, before any route sees them. */
@MicronautTest(transactional = false)
class HttpLimitsTest extends ServerTest {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(super.getProperties());
        properties.put("runvault.server.header-timeout", "1s");
        return properties;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static String send(Socket socket, String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void halfSentHeadersAreCutOffAfterTheHeaderTimeout() throws IOException {
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            String answer = send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertEquals("", answer, "closed without an answer");
            assertTrue(waited.compareTo(Duration.ofMillis(900)) >= 0 && waited.compareTo(Duration.ofSeconds(10)) < 0,
                    waited::toString);
        }
    }

    @Test
    void aConnectionThatFinishesItsHeadersInTimeIsServedAndKeptAlive() throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 3; i++) {
                var reply = http.send(HttpRequest.newBuilder(server.getURI().resolve("/health"))
                        .method(i == 1 ? "HEAD" : "GET", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, reply.statusCode());
                assertEquals(i == 1 ? "" : "{\"status\":\"UP\"}", reply.body().replace(" ", ""));
                Thread.sleep(i == 0 ? 1_500 : 0);
            }
        }
    }

    @Test
    void anUploadThatWaitsForContinueIsStillServed() throws IOException {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs")
                .get(0).get("id").getLongValue();
        byte[] zip = ArtifactsApiTest.zip("r.csv", "1");
        try (Socket socket = connect()) {
            var out = socket.getOutputStream();
            out.write(("PUT /api/v1/jobs/" + job + "/runs/" + run + "/results HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + issueToken("WORKER", "w", job, null) + "\r\nContent-Length: "
                    + zip.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] interim = new byte[25];
            int read = socket.getInputStream().readNBytes(interim, 0, interim.length);
            assertTrue(new String(interim, 0, read, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 100 Continue"));
            out.write(zip);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.contains("HTTP/1.1 201 "), answer);
        }
    }

    @Test
    void oversizedHeadersAre431() throws IOException {
        try (Socket socket = connect()) {
            String answer = send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                    + "\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
            assertTrue(answer.contains("urn:runvault:problem:headers-too-large"), answer);
        }
    }

    @Test
    void aRequestWithBothContentLengthAndTransferEncodingIsRefused() throws IOException {
        try (Socket socket = connect()) {
            String answer = send(socket, "POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.contains("urn:runvault:problem:ambiguous-length"), answer);
        }
        assertEquals(0, admin().get("/api/v1/jobs").body().get("items").size(), "nothing was created");
    }
}
