package io.runvault.adapters.out.s3;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.runvault.application.port.out.BucketLifecycle;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Adapter wiring: the S3 client, presigner and {@link S3Store} the storage adapters share, from {@link S3Settings}. */
@Factory
public class S3Clients {

    @Singleton
    @Bean(preDestroy = "close")
    public S3Client s3Client(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                // Explicit, so the SDK never goes looking for another HTTP client on the classpath.
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // Batch deletes and lifecycle rules need a body checksum: Content-MD5 is the one every store knows.
                // (The SDK still adds its CRC32 header besides; stores that refuse unknown headers must ignore it.)
                .addPlugin(LegacyMd5Plugin.create())
                .requestChecksumCalculation(switch (settings.checksums()) {
                    case WHEN_REQUIRED -> RequestChecksumCalculation.WHEN_REQUIRED;
                    case WHEN_SUPPORTED -> RequestChecksumCalculation.WHEN_SUPPORTED;
                })
                .responseChecksumValidation(switch (settings.checksums()) {
                    case WHEN_REQUIRED -> ResponseChecksumValidation.WHEN_REQUIRED;
                    case WHEN_SUPPORTED -> ResponseChecksumValidation.WHEN_SUPPORTED;
                });
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    public S3Presigner s3Presigner(S3Settings settings) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    public SmallPuts smallPuts(S3Settings settings) {
        return SmallPuts.of(settings);
    }

    @Singleton
    public S3Store s3Store(S3Client s3, S3Settings settings, ArchiveSettings archive, SmallPuts smallPuts) {
        S3Store store = new S3Store(s3, settings, archive, smallPuts);
        if (settings.createBucket()) {
            store.createBucketIfMissing();
        }
        return store;
    }

    @Singleton
    public BucketLifecycle bucketLifecycle(S3Client s3, S3Settings settings, ArchiveSettings archive) {
        return new S3BucketLifecycle(s3, settings, archive);
    }

    static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                    settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
