package io.runvault.adapters.out.s3;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.runvault.adapters.out.HealthChecks;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Health: the artifact store answers a HeadBucket for the configured bucket, the cheapest call that proves both the
 * endpoint and the credentials work, within {@link HealthChecks#LIMIT}. Details name the bucket, never credentials.
 */
@Singleton
@Readiness
public class StorageHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final S3Client s3;
    private final S3Settings settings;

    public StorageHealthIndicator(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    @Override
    public String getName() {
        return "storage";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bucket", settings.bucket());
        if (settings.endpoint() != null) {
            details.put("endpoint", settings.endpoint().toString());
        }
        // The SDK's message says what failed (no such bucket, refused, access denied) without secrets.
        healthStatus = HealthChecks.probe(details, () -> s3.headBucket(b -> b.bucket(settings.bucket())
                .overrideConfiguration(o -> o.apiCallTimeout(HealthChecks.LIMIT)))).isPresent()
                ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }
}
