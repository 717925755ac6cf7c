package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.adapters.testing.TcpProxy;
import io.runvault.adapters.testing.TestS3;
import io.runvault.domain.Checksum;
import io.runvault.domain.StorageKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Small puts and copies on their own HTTP client, against the embedded store (what a pooled connection the store has
 * closed does to the next one, conditions, other buckets) and a store that answers a failed copy with 200.
 */
class SmallPutsTest {

    @Test
    void aPutOnAConnectionTheStoreClosedMeanwhileIsSentAgainOnANewOne() throws Exception {
        S3Settings direct = TestS3.freshSettings();
        URI endpoint = direct.endpoint();
        try (TcpProxy proxy = TcpProxy.to(endpoint.getHost(), endpoint.getPort());
                SmallPuts puts = through(proxy, direct);
                S3Client s3 = new S3Clients().s3Client(direct)) {
            byte[] first = {1, 2, 3};
            assertNull(puts.putIfAbsent(new StorageKey("k/first"), first, 3, sha256(first), Map.of()).refusal());

            proxy.closeConnections();
            byte[] second = {4, 5, 6, 7};
            SmallPuts.Outcome outcome = puts.putIfAbsent(new StorageKey("k/second"), second, 4, sha256(second),
                    Map.of());

            assertNull(outcome.refusal());
            assertNotNull(outcome.eTag());
            assertArrayEquals(second, s3.getObjectAsBytes(b -> b.bucket(direct.bucket()).key("k/second"))
                    .asByteArray());
        }
    }

    @Test
    void aCopyOnAConnectionTheStoreClosedMeanwhileIsSentAgainAndLands() throws Exception {
        S3Settings direct = TestS3.freshSettings();
        URI endpoint = direct.endpoint();
        try (TcpProxy proxy = TcpProxy.to(endpoint.getHost(), endpoint.getPort());
                SmallPuts puts = through(proxy, direct);
                S3Client s3 = new S3Clients().s3Client(direct)) {
            byte[] body = {5, 6, 7};
            String tag = puts.putIfAbsent(new StorageKey("d/original"), body, 3, sha256(body), Map.of()).eTag();

            proxy.closeConnections();
            SmallPuts.Outcome copied = puts.copyIfMatch(direct.bucket(), new StorageKey("d/original"), tag,
                    direct.bucket(), new StorageKey("d/copy"), null);

            assertNull(copied.refusal());
            assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(direct.bucket()).key("d/copy")).asByteArray());
        }
    }

    @Test
    void aKeyThatIsTakenIsRefusedWith412AndKeepsItsBytes() throws Exception {
        S3Settings settings = TestS3.freshSettings();
        try (SmallPuts puts = SmallPuts.of(settings); S3Client s3 = new S3Clients().s3Client(settings)) {
            byte[] first = {1};
            byte[] other = {2};
            puts.putIfAbsent(new StorageKey("taken"), first, 1, sha256(first), Map.of());

            SmallPuts.Outcome again = puts.putIfAbsent(new StorageKey("taken"), other, 1, sha256(other), Map.of());

            assertEquals(412, again.refusal().status());
            assertArrayEquals(first, s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key("taken"))
                    .asByteArray());
        }
    }

    @Test
    void aCopyOfTheNamedVersionLandsInAnotherBucketWithItsMetadataAndTheTagTheStoreGaveIt() throws Exception {
        S3Settings settings = TestS3.freshSettings();
        String archive = TestS3.freshBucket();
        try (SmallPuts puts = SmallPuts.of(settings); S3Client s3 = new S3Clients().s3Client(settings)) {
            byte[] body = {9, 8, 7};
            String tag = puts.putIfAbsent(new StorageKey("a/original"), body, 3, sha256(body),
                    Map.of("sha256", sha256(body).value())).eTag();

            SmallPuts.Outcome copied = puts.copyIfMatch(settings.bucket(), new StorageKey("a/original"), tag, archive,
                    new StorageKey("archive/a/original"), null);

            assertNull(copied.refusal());
            var landed = s3.headObject(b -> b.bucket(archive).key("archive/a/original"));
            assertEquals(landed.eTag(), copied.eTag());
            assertEquals(sha256(body).value(), landed.metadata().get("sha256"));
            assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(archive).key("archive/a/original"))
                    .asByteArray());
        }
    }

    @Test
    void aCopyOfAVersionThatIsGoneIsRefusedWith412AndWritesNothing() throws Exception {
        S3Settings settings = TestS3.freshSettings();
        try (SmallPuts puts = SmallPuts.of(settings); S3Client s3 = new S3Clients().s3Client(settings)) {
            byte[] first = {1, 1};
            String tag = puts.putIfAbsent(new StorageKey("b/original"), first, 2, sha256(first), Map.of()).eTag();
            s3.putObject(b -> b.bucket(settings.bucket()).key("b/original"), RequestBody.fromBytes(new byte[] {2, 2}));

            SmallPuts.Outcome copied = puts.copyIfMatch(settings.bucket(), new StorageKey("b/original"), tag,
                    settings.bucket(), new StorageKey("b/copy"), null);

            assertEquals(412, copied.refusal().status());
            assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(settings.bucket()).key("b/copy")));
        }
    }

    @Test
    void aCopyTheStoreFailedAfterAnswering200IsSentAgainAndReportedAsAFailureWhenItKeepsFailing() throws Exception {
        String failed = "<?xml version=\"1.0\"?><Error><Code>InternalError</Code></Error>";
        String done = "<CopyObjectResult><ETag>&quot;abc&quot;</ETag></CopyObjectResult>";
        try (FixedAnswers once = FixedAnswers.of(failed, done);
                SmallPuts puts = SmallPuts.of(S3Settings.of(once.endpoint(), "bucket", "key", "secret"))) {
            SmallPuts.Outcome copied = puts.copyIfMatch("bucket", new StorageKey("o"), "\"abc\"", "bucket",
                    new StorageKey("c"), null);

            assertNull(copied.refusal());
            assertEquals("\"abc\"", copied.eTag());
            assertEquals(2, once.requests());
        }
        try (FixedAnswers always = FixedAnswers.of(failed, failed, failed, done);
                SmallPuts puts = SmallPuts.of(S3Settings.of(always.endpoint(), "bucket", "key", "secret"))) {
            SmallPuts.Outcome copied = puts.copyIfMatch("bucket", new StorageKey("o"), "\"abc\"", "bucket",
                    new StorageKey("c"), null);

            assertEquals(500, copied.refusal().status());
            assertTrue(copied.refusal().body().contains("InternalError"), copied.refusal().body());
            assertEquals(3, always.requests());
        }
    }

    @Test
    void aCopierInterruptedBetweenAttemptsStopsTryingAndKeepsItsInterrupt() throws Exception {
        String failed = "<Error><Code>InternalError</Code></Error>";
        try (FixedAnswers failing = FixedAnswers.of(failed, failed, failed);
                SmallPuts puts = SmallPuts.of(S3Settings.of(failing.endpoint(), "bucket", "key", "secret"))) {
            Thread.currentThread().interrupt();
            SmallPuts.Outcome copied = puts.copyIfMatch("bucket", new StorageKey("o"), "\"abc\"", "bucket",
                    new StorageKey("c"), null);

            assertTrue(Thread.interrupted(), "the interrupt is kept for the copier's owner");
            assertEquals(500, copied.refusal().status());
            assertEquals(1, failing.requests());
        }
    }

    /** A store that answers every request with 200 and the next of the given documents (the last one over again). */
    private static final class FixedAnswers implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();

        private FixedAnswers(List<String> documents) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                int index = Math.min(requests.getAndIncrement(), documents.size() - 1);
                byte[] document = documents.get(index).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, document.length);
                exchange.getResponseBody().write(document);
                exchange.close();
            });
            server.start();
        }

        static FixedAnswers of(String... documents) throws IOException {
            return new FixedAnswers(List.of(documents));
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Small puts to {@code direct}'s bucket, sent through {@code proxy}. */
    private static SmallPuts through(TcpProxy proxy, S3Settings direct) {
        return SmallPuts.of(S3Settings.of(URI.create("http://127.0.0.1:" + proxy.port()), direct.bucket(),
                TestS3.ACCESS_KEY, TestS3.SECRET_KEY));
    }

    private static Checksum sha256(byte[] bytes) throws Exception {
        return Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
