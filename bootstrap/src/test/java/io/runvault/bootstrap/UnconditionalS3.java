package io.runvault.bootstrap;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.runvault.adapters.out.s3.S3Clients;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.adapters.out.s3.SmallPuts;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A store double that ignores conditional writes entirely: the adapter's S3 client, with every {@code If-None-Match}
 * taken off its requests before they are signed and sent. A later PUT to a key then simply replaces the object, as on
 * stores that do not apply the condition atomically, so whatever keeps writers apart must be Runvault's own.
 */
@Factory
@Requires(property = "runvault.test.storage", value = "unconditional")
class UnconditionalS3 {
    /** How many conditions were dropped, to show the double was in the way. */
    static final AtomicInteger DROPPED = new AtomicInteger();

    @Singleton
    @Replaces(bean = S3Client.class, factory = S3Clients.class)
    @Bean(preDestroy = "close")
    S3Client s3Client(S3Settings settings) {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(settings.pathStyle())
                .endpointOverride(settings.endpoint())
                .addPlugin(LegacyMd5Plugin.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new DropConditions()))
                .build();
    }

    /** Small puts go around the S3 client: their HTTP client drops the condition the same way. */
    @Singleton
    @Replaces(bean = SmallPuts.class, factory = S3Clients.class)
    @Bean(preDestroy = "close")
    SmallPuts smallPuts(S3Settings settings) {
        SdkHttpClient http = ApacheHttpClient.builder().build();
        return SmallPuts.over(new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                if (request.httpRequest().firstMatchingHeader("If-None-Match").isEmpty()) {
                    return http.prepareRequest(request);
                }
                DROPPED.incrementAndGet();
                return http.prepareRequest(HttpExecuteRequest.builder()
                        .request(request.httpRequest().toBuilder().removeHeader("If-None-Match").build())
                        .contentStreamProvider(request.contentStreamProvider().orElse(null))
                        .build());
            }

            @Override
            public void close() {
                http.close();
            }
        }, settings);
    }

    private static final class DropConditions implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                ExecutionAttributes executionAttributes) {
            SdkHttpRequest request = context.httpRequest();
            if (request.firstMatchingHeader("If-None-Match").isEmpty()) {
                return request;
            }
            DROPPED.incrementAndGet();
            return request.toBuilder().removeHeader("If-None-Match").build();
        }
    }
}
