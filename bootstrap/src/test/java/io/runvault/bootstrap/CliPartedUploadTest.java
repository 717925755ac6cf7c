package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.adapters.testing.TcpProxy;
import io.runvault.adapters.testing.TestS3;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** runvault results upload above its multipart threshold: parts in parallel, resumed after a crash, same bytes. */
@MicronautTest(transactional = false)
class CliPartedUploadTest extends ServerTest {
    private static final int PART = 5 << 20;
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

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        properties.put("runvault.uploads.part-size", "5MB");
        return properties;
    }

    @Override
    protected Map<String, String> storageProperties() {
        Map<String, String> properties = new HashMap<>(STORE);
        properties.put("runvault.storage.s3.endpoint", "http://127.0.0.1:" + PROXY.port());
        return properties;
    }

    private CliResult cli(String token, String... args) {
        return cli(home, token, args);
    }

    @Test
    void aZipAboveTheThresholdGoesInParallelPartsAndDownloadsIdentical() throws Exception {
        Upload u = upload("big.zip", 2 * PART + 4321, 5);

        CliResult uploaded = send(u, server.getURI(), "--parallel", "3");
        assertEquals(0, uploaded.exit(), uploaded.out());
        assertTrue(eTagOf(uploaded).endsWith("-3\""), "three parts: " + eTagOf(uploaded));
        assertArrayEquals(u.content(), downloaded(u.job()));
    }

    @Test
    void aPartTheStoreFailsMidBodyIsSentAgainAndTheStoredBytesAreTheFile() throws Exception {
        Upload u = upload("retried.zip", 2 * PART + 777, 7);
        // Only a part's body carries this much from the client: the store answers 500 halfway through one.
        PROXY.failOnceAfter(PART / 2);

        CliResult uploaded = send(u, server.getURI(), "--parallel", "3");
        assertEquals(0, uploaded.exit(), uploaded.out());
        assertTrue(eTagOf(uploaded).endsWith("-3\""), "three parts: " + eTagOf(uploaded));
        assertArrayEquals(u.content(), downloaded(u.job()));
    }

    @Test
    void anUploadInterruptedAfterOnePartResumesWithoutSendingItAgain() throws Exception {
        Upload u = upload("resumed.zip", 2 * PART + 99, 6);
        // What a crashed upload leaves: the upload started and its first part stored.
        var started = reserved(u);
        var part = started.body().get("parts").get(0);
        try (var http = HttpClient.newHttpClient()) {
            var put = HttpRequest.newBuilder(URI.create(part.get("url").getStringValue()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(u.content(), PART)));
            part.get("headers").entries().forEach(h -> put.header(h.getKey(), h.getValue().getStringValue()));
            assertEquals(200, http.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }

        CliResult resumed = send(u, server.getURI());
        assertEquals(0, resumed.exit(), resumed.out());
        assertTrue(resumed.out().contains("resuming: 1 of 3 parts already stored"), resumed.out());
        assertArrayEquals(u.content(), downloaded(u.job()));
    }

    @Test
    void aCompleteAGatewayGaveUpOnIsAskedAgainAndTheStoredBytesAreTheFile() throws Exception {
        Upload u = upload("gateway.zip", 2 * PART + 555, 8);

        try (TcpProxy gateway = TcpProxy.to("127.0.0.1", server.getPort())) {
            // The server gets the whole complete and goes on with it; the CLI gets a 504 and a closed connection.
            gateway.timeOutOnceOn("/complete");
            CliResult uploaded = send(u, URI.create("http://127.0.0.1:" + gateway.port()));
            assertEquals(0, uploaded.exit(), uploaded.out());
            assertEquals(1, gateway.timedOut());
            assertTrue(uploaded.out().contains("complete: HTTP 504; asking again in 1 s"),
                    uploaded.out());
        }
        assertArrayEquals(u.content(), downloaded(u.job()));
    }

    @Test
    void aCompleteWhileAnotherWriterIsAtWorkIsAcceptedAskedAgainAndStoredOnceThatClaimLapses() throws Exception {
        Upload u = upload("claimed.zip", 2 * PART + 321, 9);
        // The upload reserved as the CLI's own request reserves it; then a claim on the artifact by another writer,
        // alive for 3 s more, as a complete still at work on another server leaves it.
        holdArtifactClaim(reserved(u).body().get("artifactId").getLongValue(), 3);

        CliResult uploaded = send(u, server.getURI());
        assertEquals(0, uploaded.exit(), uploaded.out());
        // Answered 202 (the CLI asks not to be held) while the server's completion waited for the other claim,
        // which lapsed unstored: asked again, the server completes it this time.
        assertTrue(uploaded.out().lines().anyMatch(line -> line.equals("complete: still at work (HTTP 202); "
                + "asking again in 1 s")), uploaded.out());
        assertArrayEquals(u.content(), downloaded(u.job()));
    }

    /** A job, a run of it, a worker token for the job, and a file of results for the run. */
    private record Upload(long job, long run, String worker, byte[] content, Path zip) {
    }

    /** The upload started as the CLI starts it, before any part is sent. */
    private Api.Reply reserved(Upload u) {
        var started = admin().as(u.worker()).post("/api/v1/jobs/" + u.job() + "/uploads", "{\"kind\":\"run_results\","
                + "\"runId\":" + u.run() + ",\"size\":" + u.content().length + ",\"multipart\":true}");
        assertEquals(201, started.status(), started.raw().body());
        return started;
    }

    /** runvault results upload of the file through {@code url}, in parts above 6 MiB. */
    private CliResult send(Upload u, URI url, String... options) {
        List<String> args = new ArrayList<>(List.of("results", "upload", Long.toString(u.job()),
                Long.toString(u.run()), u.zip().toString(), "--multipart-threshold", Long.toString(6 << 20)));
        args.addAll(List.of(options));
        return cli(home, url, u.worker(), args.toArray(String[]::new));
    }

    private Upload upload(String file, int size, long seed) throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = newRun(job);
        byte[] content = zipLike(size, seed);
        Path zip = Files.write(home.resolve(file), content);
        return new Upload(job, run, issueToken("WORKER", "sim", job, null), content, zip);
    }

    private long newRun(long job) {
        return api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs").get(0)
                .get("id").getLongValue();
    }

    private byte[] downloaded(long job) throws Exception {
        Path out = home.resolve("downloads-" + job);
        CliResult downloaded = cli(ADMIN_TOKEN, "results", "download", Long.toString(job), "--out", out.toString());
        assertEquals(0, downloaded.exit(), downloaded.out());
        try (var files = Files.walk(out)) {
            return Files.readAllBytes(files.filter(Files::isRegularFile).findFirst().orElseThrow());
        }
    }

    private String eTagOf(CliResult upload) {
        String stored = upload.out().lines().filter(line -> line.startsWith("stored ")).findFirst().orElseThrow();
        return s3.headObject(b -> b.bucket(s3Settings.bucket()).key(stored.split(" ")[1])).eTag();
    }

    /** Random bytes that start like a zip, which is all the server checks of results uploaded in parts. */
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
