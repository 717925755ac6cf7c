package io.runvault.adapters.out.s3;

import io.runvault.application.StorageFailure;
import io.runvault.application.StorageUnsupported;
import io.runvault.application.port.out.BucketLifecycle;
import io.runvault.domain.LifecyclePolicy;
import io.runvault.domain.LifecycleRule;
import io.runvault.domain.StorageTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/** Adapter: lifecycle rules as S3 bucket lifecycle configurations, one per bucket the tiers map to. */
public final class S3BucketLifecycle implements BucketLifecycle {
    private final S3Client s3;
    private final String primaryBucket;
    private final String archiveBucket;

    public S3BucketLifecycle(S3Client s3, S3Settings settings, ArchiveSettings archive) {
        this.s3 = s3;
        this.primaryBucket = settings.bucket();
        this.archiveBucket = archive.bucket() == null ? settings.bucket() : archive.bucket();
    }

    /**
     * A bucket has one lifecycle configuration, replaced whole by each PUT: the rules it has are read first, and only
     * Runvault's own ({@link LifecyclePolicy#isOwn}) are replaced, so rules others set on the bucket stay. S3 has no
     * conditional PUT for lifecycle rules: a change someone else makes between the read and the write is lost.
     */
    @Override
    public void install(List<LifecycleRule> rules) {
        byBucket(rules).forEach((bucket, s3Rules) -> {
            try {
                List<software.amazon.awssdk.services.s3.model.LifecycleRule> merged = new ArrayList<>(
                        foreignRules(bucket));
                merged.addAll(s3Rules);
                s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(merged)));
            } catch (S3Exception e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if (e.statusCode() == 501) {
                    throw new StorageUnsupported("the object store does not implement bucket lifecycle rules ("
                            + e.statusCode() + " " + code + ")");
                }
                throw new StorageFailure("the object store refused the lifecycle rules of bucket " + bucket + " ("
                        + e.statusCode() + " " + code + "): " + e.getMessage());
            } catch (SdkException e) {
                throw new StorageFailure("could not reach the object store to set the lifecycle rules of bucket "
                        + bucket + ": " + e.getMessage());
            }
        });
    }

    /** The bucket's rules that are not Runvault's; none when it has no lifecycle configuration yet. */
    private List<software.amazon.awssdk.services.s3.model.LifecycleRule> foreignRules(String bucket) {
        try {
            return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules().stream()
                    .filter(rule -> !LifecyclePolicy.isOwn(rule.id())).toList();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && e.awsErrorDetails() != null
                    && "NoSuchLifecycleConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return List.of();
            }
            throw e;
        }
    }

    /** The S3 rules per bucket; when both tiers share a bucket, rules with the same id are one rule. */
    Map<String, List<software.amazon.awssdk.services.s3.model.LifecycleRule>> byBucket(List<LifecycleRule> rules) {
        Map<String, Map<String, LifecycleRule>> grouped = new LinkedHashMap<>();
        for (LifecycleRule rule : rules) {
            String bucket = rule.tier() == StorageTier.ARCHIVE ? archiveBucket : primaryBucket;
            grouped.computeIfAbsent(bucket, b -> new LinkedHashMap<>()).putIfAbsent(rule.id(), rule);
        }
        Map<String, List<software.amazon.awssdk.services.s3.model.LifecycleRule>> result = new LinkedHashMap<>();
        grouped.forEach((bucket, byId) -> result.put(bucket, byId.values().stream().map(S3BucketLifecycle::toS3)
                .toList()));
        return result;
    }

    static software.amazon.awssdk.services.s3.model.LifecycleRule toS3(LifecycleRule rule) {
        var builder = software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
                .id(rule.id())
                .status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().prefix(rule.prefix() == null ? "" : rule.prefix().value()).build());
        if (rule.abortIncompleteUploadsAfterDays() != null) {
            builder.abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder()
                    .daysAfterInitiation(rule.abortIncompleteUploadsAfterDays()).build());
        }
        if (rule.expireAfterDays() != null) {
            builder.expiration(LifecycleExpiration.builder().days(rule.expireAfterDays()).build());
        }
        if (rule.transitionStorageClass() != null) {
            List<Transition> transitions = new ArrayList<>();
            transitions.add(Transition.builder().days(rule.transitionAfterDays())
                    .storageClass(TransitionStorageClass.fromValue(rule.transitionStorageClass())).build());
            builder.transitions(transitions);
        }
        return builder.build();
    }
}
