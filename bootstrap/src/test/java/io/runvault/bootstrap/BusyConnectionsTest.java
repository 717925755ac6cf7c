package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's idle timeout is for clients that go quiet, not for a server still working on an answer: a request that
 * waits on the server longer than the idle timeout is answered, while a client quiet mid-body or between requests is
 * still cut off.
 */
@MicronautTest(transactional = false)
class BusyConnectionsTest extends ServerTest {
    private static final Duration IDLE = Duration.ofSeconds(1);

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        properties.put("micronaut.server.idle-timeout", IDLE.toMillis() + "ms");
        return properties;
    }

    @Test
    void anAnswerTheServerWorksOnLongerThanTheIdleTimeoutStillArrives() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        long operation = runningArchive(job, "another server", Duration.ofHours(1)).id();

        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            // The operation stays RUNNING under another server's claim: the wait lasts three idle timeouts.
            send(socket, "GET /api/v1/admin/operations/" + operation + "?wait=PT3S HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + ADMIN_TOKEN + "\r\n\r\n");
            long started = System.nanoTime();
            String answer = read(socket, Duration.ofSeconds(20));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(answer.startsWith("HTTP/1.1 200"), "answered after " + took + ": " + answer);
            assertTrue(answer.contains("\"RUNNING\""), answer);
            assertTrue(took.compareTo(Duration.ofSeconds(3)) >= 0, "the wait ended early: " + took);
        }
    }

    @Test
    void aClientQuietInTheMiddleOfItsBodyIsStillCutOff() throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            send(socket, "POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"tags\":");

            assertClosedWithin(socket, IDLE.plusSeconds(10));
        }
    }

    @Test
    void aConnectionQuietAfterItsAnswerIsStillCutOff() throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            byte[] head = socket.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));

            assertClosedWithin(socket, IDLE.plusSeconds(10));
        }
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** What the server sent until it closed the connection or {@code within} passed. */
    private static String read(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                got.write(buffer, 0, n);
                String far = got.toString(StandardCharsets.UTF_8);
                int body = far.indexOf("\r\n\r\n");
                // The whole answer: a JSON body, whether sent with a length or in chunks.
                if (body >= 0 && (far.endsWith("}") || far.endsWith("\r\n0\r\n\r\n"))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            return got.toString(StandardCharsets.UTF_8);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static void assertClosedWithin(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // An answer to the quiet request, if any, before the close: only the close matters.
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + within, e);
        } catch (IOException e) {
            // Reset rather than closed: cut off all the same.
        }
    }
}
