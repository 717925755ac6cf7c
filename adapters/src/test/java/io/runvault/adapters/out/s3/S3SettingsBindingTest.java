package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.runvault.adapters.out.metrics.MeteredArtifactObjects;
import io.runvault.adapters.testing.TestS3;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.StorageKey;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration keys as operators write them, bound and wired by Micronaut. */
class S3SettingsBindingTest {

    @Test
    void defaultsApplyWhenOnlyTheBucketIsSet() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("runvault.storage.s3.bucket", "b"))) {
            S3Settings settings = context.getBean(S3Settings.class);

            assertNull(settings.endpoint());
            assertEquals("us-east-1", settings.region());
            assertTrue(settings.pathStyle());
            assertNull(settings.accessKey());
            assertEquals(S3Settings.Checksums.WHEN_REQUIRED, settings.checksums());
            assertEquals(5L * 1024 * 1024 * 1024, settings.multipartThreshold(), "5GB: S3's single-PUT limit");
            assertEquals(8L * 1024 * 1024, settings.partSize());
            assertEquals(false, settings.createBucket());
            assertEquals(4, settings.readBackParallel());
        }
    }

    @Test
    void regionAndChecksumsBind() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("runvault.storage.s3.bucket", "b",
                "runvault.storage.s3.region", "eu-central-1", "runvault.storage.s3.checksums", "when-supported"))) {
            S3Settings settings = context.getBean(S3Settings.class);
            assertEquals("eu-central-1", settings.region());
            assertEquals(S3Settings.Checksums.WHEN_SUPPORTED, settings.checksums());
        }
    }

    /**
     * Region stays us-east-1 here: in any other, the SDK sends a LocationConstraint s3proxy refuses to create; and
     * checksums when-required, see {@code S3StoragePortsTest#whenSupportedChecksumsBreakUploadsToS3Proxy}.
     */
    @Test
    void everyKeyBindsAndTheWiredStorageCreatesItsBucketAndWorks() {
        String bucket = "created-at-start-up";
        Map<String, Object> properties = new HashMap<>(TestS3.properties(bucket));
        properties.put("runvault.storage.s3.checksums", "when-required");
        properties.put("runvault.storage.s3.multipart-threshold", "32MB");
        properties.put("runvault.storage.s3.part-size", "5MB");
        properties.put("runvault.storage.s3.create-bucket", "true");
        properties.put("runvault.storage.s3.read-back-parallel", "7");

        try (ApplicationContext context = ApplicationContext.run(properties)) {
            S3Settings settings = context.getBean(S3Settings.class);
            assertEquals(TestS3.server().endpoint(), settings.endpoint());
            assertEquals(TestS3.ACCESS_KEY, settings.accessKey());
            assertEquals(S3Settings.Checksums.WHEN_REQUIRED, settings.checksums());
            assertEquals(32L * 1024 * 1024, settings.multipartThreshold());
            assertEquals(5L * 1024 * 1024, settings.partSize());
            assertEquals(7, settings.readBackParallel());

            ArtifactObjects storage = context.getBean(ArtifactObjects.class);
            // Writes metered in front, S3 behind; the other ports are the S3 adapters themselves.
            assertInstanceOf(MeteredArtifactObjects.class, storage);
            assertEquals(S3ArtifactObjects.class, context.getBeanDefinition(ArtifactObjects.class).getBeanType());
            assertInstanceOf(S3ArtifactLinks.class, context.getBean(ArtifactLinks.class));
            assertInstanceOf(S3TieredObjects.class, context.getBean(TieredObjects.class));
            assertInstanceOf(S3StoredKeys.class, context.getBean(StoredKeys.class));
            assertInstanceOf(S3StoragePurge.class, context.getBean(StoragePurge.class));
            StorageKey key = new JobS3Prefix("jobs/7/2026/01/02/030405/")
                    .keyFor(new ArtifactIdentity(new JobId(7), null, ArtifactKind.JOB_CONFIG, null));
            byte[] body = "{}".getBytes();
            assertEquals(2, storage.putIfAbsent(key, new ByteArrayInputStream(body),
                    DeclaredLength.of(body.length)).size());
            assertEquals(2, storage.head(key).orElseThrow().size());
        }
    }
}
