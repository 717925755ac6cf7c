package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.adapters.testing.TcpProxy;
import io.runvault.adapters.testing.TestS3;
import io.runvault.cli.RunvaultCli;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** runvault results download above its multipart threshold: ranged parts in parallel, kept only when verified. */
@MicronautTest(transactional = false)
class CliPartedDownloadTest extends ServerTest {
    private static final int PART = 512 * 1024;
    private static final int SIZE = 6 * PART + 123;
    private static final Map<String, String> STORE = TestS3.freshProperties();
    /** Between the store and everyone who talks to it, the server and the CLI's presigned URLs alike. */
    private static final TcpProxy PROXY = TcpProxy.to("127.0.0.1",
            URI.create(STORE.get("runvault.storage.s3.endpoint")).getPort());

    @TempDir
    Path home;

    @Inject
    S3Client s3;

    @Inject
    S3Settings s3Settings;

    /**
     * URLs that expire within the CLI's safety margin: every download asks the server for a fresh one
     * ({@code GET /artifacts/{id}/download}) before its first part, as a long download does when its URL runs out.
     */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        properties.put("runvault.downloads.url-ttl", "20s");
        return properties;
    }

    @Override
    protected Map<String, String> storageProperties() {
        Map<String, String> properties = new HashMap<>(STORE);
        properties.put("runvault.storage.s3.endpoint", "http://127.0.0.1:" + PROXY.port());
        return properties;
    }

    private record Result(int exit, String out, String err) {
    }

    private record Stored(long job, String key, byte[] content) {
    }

    private Result cli(String token, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("RUNVAULT_URL", server.getURI().toString());
        env.put("RUNVAULT_TOKEN", token);
        int exit = new RunvaultCli(env, home, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result download(long job, Path out) {
        return cli(ADMIN_TOKEN, "results", "download", Long.toString(job), "--out", out.toString(),
                "--multipart-threshold", Integer.toString(PART), "--part-size", Integer.toString(PART),
                "--part-parallel", "3");
    }

    private Stored stored(long seed) {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs")
                .get(0).get("id").getLongValue();
        byte[] content = zipLike(SIZE, seed);
        Api worker = workerFor(job, null);
        var reply = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip").PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertEquals(201, reply.status(), reply.raw().body());
        return new Stored(job, reply.body().get("key").getStringValue(), content);
    }

    private void replaceInStore(Stored stored, byte[] bytes) {
        s3.putObject(b -> b.bucket(s3Settings.bucket()).key(stored.key()), RequestBody.fromBytes(bytes));
    }

    @Test
    void aResultAboveTheThresholdComesInRangedPartsIdenticalToWhatWasStored() throws Exception {
        Stored stored = stored(1);
        Path out = home.resolve("out");

        Result downloaded = download(stored.job(), out);

        assertEquals(0, downloaded.exit(), downloaded.err());
        assertTrue(downloaded.out().contains(SIZE + " bytes in 7 ranged parts"), downloaded.out());
        try (var files = Files.walk(out)) {
            var written = files.filter(Files::isRegularFile).toList();
            assertEquals(1, written.size(), written.toString());
            assertArrayEquals(stored.content(), Files.readAllBytes(written.getFirst()));
        }
    }

    @Test
    void aPartWhoseConnectionIsCutIsFetchedAgain() throws Exception {
        Stored stored = stored(4);
        Path out = home.resolve("cut");
        PROXY.cutAnswerOnceAfter(16 * 1024);

        Result downloaded = download(stored.job(), out);

        assertEquals(0, downloaded.exit(), downloaded.err());
        assertEquals(1, PROXY.answersCut());
        try (var files = Files.walk(out)) {
            assertArrayEquals(stored.content(), Files.readAllBytes(files.filter(Files::isRegularFile).findFirst()
                    .orElseThrow()));
        }
    }

    @Test
    void bytesThatDoNotMatchTheRecordedChecksumAreRefusedAndNotKept() throws Exception {
        Stored stored = stored(2);
        byte[] tampered = stored.content().clone();
        tampered[SIZE / 2] ^= 1;
        replaceInStore(stored, tampered);
        Path out = home.resolve("tampered");

        Result refused = download(stored.job(), out);

        assertEquals(1, refused.exit(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("runvault: run ") && refused.err().contains("SHA-256")
                && refused.err().contains("not the recorded"), refused.err());
        assertNoFileIn(out);
    }

    @Test
    void aStoredObjectShorterThanRecordedIsRefusedAndNotKept() throws Exception {
        Stored stored = stored(3);
        replaceInStore(stored, Arrays.copyOf(stored.content(), SIZE - PART));
        Path out = home.resolve("short");

        Result refused = download(stored.job(), out);

        assertEquals(1, refused.exit(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("the store holds " + (SIZE - PART) + " bytes, not the " + SIZE
                + " recorded") || refused.err().contains("fewer bytes than the " + SIZE + " recorded"),
                refused.err());
        assertNoFileIn(out);
    }

    private static void assertNoFileIn(Path out) throws Exception {
        if (Files.exists(out)) {
            try (var files = Files.walk(out)) {
                assertFalse(files.anyMatch(Files::isRegularFile), "a file was left in " + out);
            }
        }
    }

    /** Random bytes that start like a zip, which is all the server checks of results it stores. */
    private static byte[] zipLike(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        content[0] = 'P';
        content[1] = 'K';
        content[2] = 3;
        content[3] = 4;
        return content;
    }
}
