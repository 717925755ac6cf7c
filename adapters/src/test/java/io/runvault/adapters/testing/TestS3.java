package io.runvault.adapters.testing;

import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.devservices.EmbeddedS3Server;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: one in-memory S3 server per JVM, started on first use and stopped at exit, and a fresh bucket for
 * each caller, so test classes share the start-up cost but never each other's objects.
 *
 * <pre>{@code
 * @MicronautTest
 * class SomeTest implements TestPropertyProvider {
 *     public Map<String, String> getProperties() { return TestS3.freshProperties(); }
 * }
 * }</pre>
 */
public final class TestS3 {
    public static final String ACCESS_KEY = "runvault-test";
    public static final String SECRET_KEY = "runvault-test-secret";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private TestS3() {
    }

    /** The JVM-wide server. */
    public static EmbeddedS3Server server() {
        return Holder.SERVER;
    }

    /** Creates and names a bucket no one else uses. */
    public static String freshBucket() {
        String bucket = "test-" + BUCKETS.incrementAndGet();
        server().createBucket(bucket);
        return bucket;
    }

    /** Adapter settings for a fresh bucket. */
    public static S3Settings freshSettings() {
        return settings(server(), freshBucket());
    }

    /** Settings that point the S3 adapter at the given server and bucket. */
    public static S3Settings settings(EmbeddedS3Server server, String bucket) {
        return S3Settings.of(server.endpoint(), bucket, server.accessKey(), server.secretKey());
    }

    /** {@code runvault.storage.s3.*} properties for a fresh bucket, as strings for a TestPropertyProvider. */
    public static Map<String, String> freshProperties() {
        return properties(freshBucket());
    }

    /** {@code runvault.storage.s3.*} properties for the given bucket of the shared server. */
    public static Map<String, String> properties(String bucket) {
        Map<String, String> properties = new HashMap<>();
        server().properties(bucket).forEach((name, value) -> properties.put(name, String.valueOf(value)));
        return Map.copyOf(properties);
    }

    /** Lazily started: tests that never touch S3 pay nothing. */
    private static final class Holder {
        private static final EmbeddedS3Server SERVER = start();

        private static EmbeddedS3Server start() {
            EmbeddedS3Server server = EmbeddedS3Server.startInMemory(ACCESS_KEY, SECRET_KEY, "test-0");
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
            return server;
        }
    }
}
