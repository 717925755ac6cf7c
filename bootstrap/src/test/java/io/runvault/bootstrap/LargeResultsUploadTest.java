package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.devservices.EmbeddedS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 2 GB results upload streams through the server into a disk-backed S3 store. This class runs in its own Surefire
 * execution with {@code -Xmx256m}: buffering the body anywhere would fail it with OutOfMemoryError.
 */
@Tag("large")
@MicronautTest(transactional = false)
class LargeResultsUploadTest extends ServerTest {
    private static final long SIZE = 2L * 1024 * 1024 * 1024;
    private Path storeDir;
    private EmbeddedS3Server store;

    @Override
    protected Map<String, String> storageProperties() {
        try {
            storeDir = Files.createTempDirectory("runvault-large-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store = EmbeddedS3Server.start(storeDir, 0, "large", "large-secret-for-tests", "large");
        Map<String, String> properties = new HashMap<>();
        store.properties("large").forEach((key, value) -> properties.put(key, String.valueOf(value)));
        return properties;
    }

    @AfterAll
    void stopStore() throws IOException {
        store.close();
        try (var files = Files.walk(storeDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void twoGigabytesStreamThroughAQuarterGigabyteHeap() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= 256L * 1024 * 1024, "run with -Xmx256m");
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs")
                .get(0).get("id").getLongValue();
        var body = new GeneratedZipLikeStream(SIZE);
        long started = System.nanoTime();
        Api worker = workerFor(job, run);
        var reply = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip")
                .timeout(java.time.Duration.ofMinutes(10))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body),
                        SIZE)));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(201, reply.status(), () -> reply.raw().body());
        assertEquals(SIZE, reply.body().get("size").getLongValue());
        assertEquals(body.sha256(), reply.body().get("sha256").getStringValue());
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf("large upload: %d MiB in %.1f s (%.0f MiB/s), peak heap %d MiB%n", SIZE >> 20, seconds,
                (SIZE >> 20) / seconds, peakHeap >> 20);
        assertTrue(peakHeap < 256L * 1024 * 1024);
    }

    /** Pseudo-random bytes behind a zip signature, hashed as they are handed out so nothing is kept. */
    private static final class GeneratedZipLikeStream extends InputStream {
        private final long size;
        private final byte[] block = new byte[1 << 20];
        private final MessageDigest digest;
        private long position;

        GeneratedZipLikeStream(long size) throws Exception {
            this.size = size;
            new Random(42).nextBytes(block);
            block[0] = 'P';
            block[1] = 'K';
            block[2] = 3;
            block[3] = 4;
            digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int from = (int) (position % block.length);
            int count = (int) Math.min(Math.min(length, block.length - from), size - position);
            System.arraycopy(block, from, target, offset, count);
            // Vary the block per pass so parts are not all identical.
            if (from + count == block.length) {
                block[4 + (int) ((position / block.length) % (block.length - 4))]++;
            }
            digest.update(target, offset, count);
            position += count;
            return count;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
