package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runvault.adapters.testing.TestS3;
import io.runvault.application.StorageUnsupported;
import io.runvault.domain.LifecyclePolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/** From the policy's rules to S3 lifecycle configurations per bucket, and what s3proxy says to them. */
class S3BucketLifecycleTest {
    private static final S3Settings SETTINGS = S3Settings.of(java.net.URI.create("http://127.0.0.1:1"), "primary",
            "k", "s");

    @Test
    void oneBucketGetsEachRuleOnceWithTheTransitionScopedToTheArchiveAndTheExpiryToTheStagingArea() {
        var lifecycle = new S3BucketLifecycle(null, SETTINGS, ArchiveSettings.defaults());

        var byBucket = lifecycle.byBucket(new LifecyclePolicy(7, "GLACIER_IR", 30).rules());

        assertEquals(List.of("primary"), List.copyOf(byBucket.keySet()));
        List<LifecycleRule> rules = byBucket.get("primary");
        assertEquals(3, rules.size());
        assertEquals(7, rules.getFirst().abortIncompleteMultipartUpload().daysAfterInitiation());
        assertEquals("", rules.getFirst().filter().prefix());
        assertEquals(null, rules.getFirst().expiration(), "nothing but staged uploads ever expires");
        assertEquals("incoming/", rules.get(1).filter().prefix());
        assertEquals(7, rules.get(1).expiration().days());
        assertEquals("archive/", rules.getLast().filter().prefix());
        assertEquals(TransitionStorageClass.GLACIER_IR, rules.getLast().transitions().getFirst().storageClass());
        assertEquals(30, rules.getLast().transitions().getFirst().days());
    }

    @Test
    void aSeparateArchiveBucketGetsItsOwnRules() {
        var lifecycle = new S3BucketLifecycle(null, SETTINGS, ArchiveSettings.defaults().withBucket("cold"));

        var byBucket = lifecycle.byBucket(new LifecyclePolicy(5, "STANDARD_IA", 0).rules());

        assertEquals(List.of("primary", "cold"), List.copyOf(byBucket.keySet()));
        assertEquals(List.of("runvault-abort-incomplete-uploads", "runvault-expire-staged-uploads"),
                byBucket.get("primary").stream().map(LifecycleRule::id).toList(), "staging is in the primary bucket");
        assertEquals(2, byBucket.get("cold").size());
    }

    @Test
    void installingKeepsTheBucketsOtherRulesAndReplacesOnlyRunvaultsOwn() {
        var store = new LifecycleStore();
        LifecycleRule foreign = LifecycleRule.builder().id("ops-expire-tmp").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().prefix("tmp/").build())
                .expiration(LifecycleExpiration.builder().days(1).build()).build();
        LifecycleRule stale = S3BucketLifecycle.toS3(new LifecyclePolicy(7, "GLACIER_IR", 30).rules().getLast());
        store.rules.put("primary", List.of(foreign, stale));
        var lifecycle = new S3BucketLifecycle(store, SETTINGS, ArchiveSettings.defaults());

        lifecycle.install(new LifecyclePolicy(3, null, 30).rules());
        lifecycle.install(new LifecyclePolicy(3, null, 30).rules());

        List<LifecycleRule> installed = store.rules.get("primary");
        assertEquals(List.of("ops-expire-tmp", "runvault-abort-incomplete-uploads", "runvault-expire-staged-uploads"),
                installed.stream().map(LifecycleRule::id).toList(), "the foreign rule stays; the stale own one goes");
        assertEquals(foreign, installed.getFirst());
        assertEquals(3, installed.get(1).abortIncompleteMultipartUpload().daysAfterInitiation());
        assertEquals(3, installed.getLast().expiration().days());
    }

    @Test
    void aBucketWithoutLifecycleRulesGetsRunvaultsAlone() {
        var store = new LifecycleStore();
        new S3BucketLifecycle(store, SETTINGS, ArchiveSettings.defaults())
                .install(new LifecyclePolicy(7, null, 30).rules());

        assertEquals(List.of("runvault-abort-incomplete-uploads", "runvault-expire-staged-uploads"),
                store.rules.get("primary").stream().map(LifecycleRule::id).toList());
    }

    /**
     * A store double for the one thing s3proxy lacks, bucket lifecycle configurations, kept per bucket and replaced
     * whole by each PUT as S3 does; every other call is refused.
     */
    private static final class LifecycleStore implements S3Client {
        final Map<String, List<LifecycleRule>> rules = new HashMap<>();

        @Override
        public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(
                GetBucketLifecycleConfigurationRequest request) {
            List<LifecycleRule> kept = rules.get(request.bucket());
            if (kept == null) {
                throw (S3Exception) S3Exception.builder().statusCode(404).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("NoSuchLifecycleConfiguration").build()).build();
            }
            return GetBucketLifecycleConfigurationResponse.builder().rules(kept).build();
        }

        @Override
        public PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(
                PutBucketLifecycleConfigurationRequest request) {
            rules.put(request.bucket(), List.copyOf(request.lifecycleConfiguration().rules()));
            return PutBucketLifecycleConfigurationResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
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
