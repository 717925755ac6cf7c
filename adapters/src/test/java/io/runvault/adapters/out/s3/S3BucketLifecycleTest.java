package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runvault.adapters.testing.TestS3;
import io.runvault.application.StorageUnsupported;
import io.runvault.domain.LifecyclePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/** From the policy's rules to S3 lifecycle configurations per bucket, and what s3proxy says to them. */
class S3BucketLifecycleTest {
    private static final S3Settings SETTINGS = S3Settings.of(java.net.URI.create("http://127.0.0.1:1"), "primary",
            "k", "s");

    @Test
    void oneBucketGetsEachRuleOnceWithTheTransitionScopedToTheArchive() {
        var lifecycle = new S3BucketLifecycle(null, SETTINGS, ArchiveSettings.defaults());

        var byBucket = lifecycle.byBucket(new LifecyclePolicy(7, "GLACIER_IR", 30).rules());

        assertEquals(List.of("primary"), List.copyOf(byBucket.keySet()));
        List<LifecycleRule> rules = byBucket.get("primary");
        assertEquals(2, rules.size());
        assertEquals(7, rules.getFirst().abortIncompleteMultipartUpload().daysAfterInitiation());
        assertEquals("", rules.getFirst().filter().prefix());
        assertEquals("archive/", rules.getLast().filter().prefix());
        assertEquals(TransitionStorageClass.GLACIER_IR, rules.getLast().transitions().getFirst().storageClass());
        assertEquals(30, rules.getLast().transitions().getFirst().days());
    }

    @Test
    void aSeparateArchiveBucketGetsItsOwnRules() {
        var lifecycle = new S3BucketLifecycle(null, SETTINGS, ArchiveSettings.defaults().withBucket("cold"));

        var byBucket = lifecycle.byBucket(new LifecyclePolicy(5, "STANDARD_IA", 0).rules());

        assertEquals(List.of("primary", "cold"), List.copyOf(byBucket.keySet()));
        assertEquals(1, byBucket.get("primary").size());
        assertEquals(2, byBucket.get("cold").size());
    }

    @Test
    void s3proxyDoesNotImplementLifecycleAndSaysSo() {
        S3Settings settings = TestS3.freshSettings();
        try (S3Client s3 = new S3Clients().s3Client(settings)) {
            var lifecycle = new S3BucketLifecycle(s3, settings, ArchiveSettings.defaults());

            var refused = assertThrows(StorageUnsupported.class,
                    () -> lifecycle.install(new LifecyclePolicy(7, null, 30).rules()));

            assertEquals(true, refused.getMessage().contains("501"), refused.getMessage());
        }
    }
}
