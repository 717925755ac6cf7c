package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.cli.RunvaultCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI puts on the wire before any answer: plain HTTP/1.1 to an http:// server, without asking to upgrade,
 * and a TLS handshake to an https:// one. The CLI sets up TLS only for https, so both are checked from the bytes a
 * listener receives, the listener then hanging up.
 */
class CliTransportTest {
    @TempDir
    Path home;

    /**
     * The first bytes the first connection to the listener carried, read until a blank line, a TLS record or 4 KiB.
     * Every connection is hung up on once read, a retry's too (the JDK's client sends a GET again on a new connection
     * once), so the CLI sees its connections break and stops.
     */
    private static CompletableFuture<byte[]> firstBytes(ServerSocket listener) {
        var first = new CompletableFuture<byte[]>();
        Thread.ofPlatform().daemon().start(() -> {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    first.complete(read(socket));
                } catch (IOException e) {
                    first.completeExceptionally(e);
                }
            }
        });
        return first;
    }

    private static byte[] read(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        var read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (read.size() < buffer.length) {
            int n = in.read(buffer, 0, buffer.length - read.size());
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
            byte[] sofar = read.toByteArray();
            if (sofar[0] == 0x16 || read.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                break;
            }
        }
        return read.toByteArray();
    }

    private int jobsList(String url) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        return new RunvaultCli(Map.of("RUNVAULT_URL", url, "RUNVAULT_TOKEN", "rv_transport"), home,
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run("jobs", "list");
    }

    @Test
    void aPlainHttpServerIsSentHttp11WithoutAnUpgrade() throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var received = firstBytes(listener);
            int exit = jobsList("http://127.0.0.1:" + listener.getLocalPort());
            String request = new String(received.get(20, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
            assertTrue(request.startsWith("GET /api/v1/jobs"), request);
            assertTrue(request.contains(" HTTP/1.1\r\n"), request);
            assertFalse(request.toLowerCase().contains("upgrade"), request);
            assertEquals(8, exit, "the listener hung up: a network failure");
        }
    }

    @Test
    void anHttpsServerIsGreetedWithATlsHandshake() throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var received = firstBytes(listener);
            int exit = jobsList("https://127.0.0.1:" + listener.getLocalPort());
            byte[] hello = received.get(20, TimeUnit.SECONDS);
            // A TLS record of type handshake (22), protocol version 3.x: a ClientHello, not an HTTP request line.
            assertTrue(hello.length > 5 && hello[0] == 0x16 && hello[1] == 0x03, Arrays.toString(
                    Arrays.copyOf(hello, Math.min(hello.length, 16))));
            assertEquals(8, exit, "the listener hung up: a network failure");
        }
    }
}
