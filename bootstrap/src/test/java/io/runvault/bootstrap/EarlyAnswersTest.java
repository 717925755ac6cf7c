package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.testing.TcpProxy;
import io.runvault.cli.RunvaultCli;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results PUT the server refuses before reading its body (unknown run, not a zip) is answered at once, and the
 * exchange ends there: a client that sends its whole body before reading the answer gets it within seconds of its
 * first bytes, instead of pushing a gigabyte nobody reads or stalling until a timeout. After its answer the server
 * still reads and drops what arrives for a moment before it closes (a lingering close, so that a reset cannot overtake
 * the answer), which over loopback is a few hundred megabytes: what is checked is that the exchange ends before the
 * whole body went, counted where it reaches the server.
 */
@MicronautTest(transactional = false)
class EarlyAnswersTest extends ServerTest {
    private static final long LARGE = 1L << 30;
    /**
     * Far short of a stall, which lasts until the server's idle timeout, minutes; a server that read the whole body
     * before answering fails on the bytes it took instead. Generous, so that a busy machine's scheduling is not what
     * is measured.
     */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path home;

    @Test
    void aLargeUploadToAnUnknownRunGets404WithinSecondsOfItsFirstBytes() {
        long job = api().post("/api/v1/jobs", "{}").id();
        var sent = refused(workerFor(job, null), "/api/v1/jobs/" + job + "/runs/987654/results", zipHead());
        assertEquals(404, sent.reply().status(), sent.reply().raw().body());
        sent.assertPrompt();
    }

    @Test
    void aLargeUploadThatIsNotAZipGets400WithinSecondsOfItsFirstBytes() {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body()
                .get("runs").get(0).get("id").getLongValue();
        var sent = refused(workerFor(job, run), "/api/v1/jobs/" + job + "/runs/" + run + "/results",
                new byte[] {'n', 'o', 't', ' '});
        assertEquals(400, sent.reply().status(), sent.reply().raw().body());
        sent.assertPrompt();
    }

    @Test
    void aLargeUploadWithoutATokenGets401WithinSecondsOfItsFirstBytes() {
        long job = api().post("/api/v1/jobs", "{}").id();
        var sent = refused(anonymous(), "/api/v1/jobs/" + job + "/runs/1/results", zipHead());
        assertEquals(401, sent.reply().status(), sent.reply().raw().body());
        sent.assertPrompt();
    }

    @Test
    void theCliGetsTheRefusalOfALargeUploadWithinSeconds() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        // Sparse: a GiB to send, next to nothing on disk.
        Path zip = home.resolve("large.zip");
        try (var file = new RandomAccessFile(zip.toFile(), "rw")) {
            file.write(zipHead());
            file.setLength(LARGE);
        }
        var out = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("RUNVAULT_URL", server.getURI().toString());
        env.put("RUNVAULT_TOKEN", issueToken("WORKER", "cli-worker", job, null));
        long started = System.nanoTime();
        int exit = new RunvaultCli(env, home, new PrintStream(out, true, StandardCharsets.UTF_8), false)
                .run("results", "upload", Long.toString(job), "987654", zip.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String printed = out.toString(StandardCharsets.UTF_8);
        // 6: the server answered that the run does not exist, as opposed to a failure to reach it.
        assertEquals(6, exit, printed);
        // From the CLI's own start (settings, HTTP client), not from its first bytes as above: a stalled exchange
        // would take until the server's idle timeout, minutes.
        assertTrue(took.compareTo(PROMPT.plusSeconds(4)) < 0, "the CLI took " + took);
    }

    private static byte[] zipHead() {
        return new byte[] {'P', 'K', 3, 4};
    }

    private record Sent(Api.Reply reply, long firstByteAt, long answeredAt, long bytesReceived) {
        void assertPrompt() {
            Duration took = Duration.ofNanos(answeredAt - firstByteAt);
            assertTrue(took.compareTo(PROMPT) < 0, "answered " + took + " after the first bytes");
            // What reached the server, counted on the wire: the client itself may pull its body on after the answer.
            assertTrue(bytesReceived < LARGE, "the server took all " + bytesReceived + " bytes of the body");
        }
    }

    /**
     * Sends {@code head} and then zeros up to {@link #LARGE} bytes, generated as they are read, through a proxy that
     * counts the bytes the server takes.
     */
    private Sent refused(Api caller, String path, byte[] head) {
        AtomicLong firstByteAt = new AtomicLong();
        AtomicLong produced = new AtomicLong();
        InputStream body = new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                long at = produced.get();
                if (at >= LARGE) {
                    return -1;
                }
                firstByteAt.compareAndSet(0, System.nanoTime());
                int n = (int) Math.min(length, LARGE - at);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = at + i < head.length ? head[(int) (at + i)] : 0;
                }
                produced.addAndGet(n);
                return n;
            }
        };
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", server.getPort())) {
            Api through = caller.through(URI.create("http://127.0.0.1:" + proxy.port()));
            var reply = through.send(through.request(path).PUT(HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> body), LARGE)));
            return new Sent(reply, firstByteAt.get(), System.nanoTime(), proxy.bytesFromClients());
        }
    }
}
