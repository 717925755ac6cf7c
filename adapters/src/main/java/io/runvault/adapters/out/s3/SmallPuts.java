package io.runvault.adapters.out.s3;

import io.runvault.domain.StorageKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Adapter helper: a create-only PutObject of a body held in memory, signed with the SDK's SigV4 signer and sent on
 * the SDK's HTTP client, but without the S3 client's per-call pipeline (interceptors, endpoint and auth-scheme
 * resolution, chunked payload signing, {@code Expect: 100-continue}). For a small body that pipeline costs more CPU
 * than everything else an upload does, and it buys nothing here: the body is already in memory, its hash signs the
 * request, and there is nothing to stream, retry in parts or check against a trailer.
 */
public final class SmallPuts implements AutoCloseable {
    private static final String PROBE_KEY = "k";

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String region;
    /** The bucket's URL up to and including the slash before the key, as the S3 client would address it. */
    private final URI bucketUrl;

    private SmallPuts(SdkHttpClient http, S3Settings settings) {
        this.http = http;
        this.credentials = S3Clients.credentials(settings);
        this.region = settings.region();
        S3Utilities.Builder utilities = S3Utilities.builder()
                .region(Region.of(settings.region()))
                .s3Configuration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            utilities.endpoint(settings.endpoint());
        }
        String probe = utilities.build().getUrl(b -> b.bucket(settings.bucket()).key(PROBE_KEY)).toString();
        this.bucketUrl = URI.create(probe.substring(0, probe.length() - PROBE_KEY.length()));
    }

    /** Small puts to the settings' bucket on an HTTP client of their own. */
    public static SmallPuts of(S3Settings settings) {
        return new SmallPuts(ApacheHttpClient.builder().build(), settings);
    }

    /** Small puts to the settings' bucket sent on the given HTTP client, which they close when closed. */
    public static SmallPuts over(SdkHttpClient http, S3Settings settings) {
        return new SmallPuts(http, settings);
    }

    /** How the store answered a PutObject it did not take; {@code body} is its error document, if any. */
    record Refusal(int status, String body) {
    }

    /** The outcome of one PutObject: the new object's ETag, or the store's refusal. */
    record Outcome(String eTag, Refusal refusal) {
    }

    /**
     * Sends {@code length} bytes of {@code body} to {@code key} with {@code If-None-Match: *} and the given metadata.
     * A connection the store had already closed is tried once more, as the S3 client's retry would.
     *
     * @throws IOException when the store could not be reached or dropped the connection
     */
    Outcome putIfAbsent(StorageKey key, byte[] body, int length, Map<String, String> metadata) throws IOException {
        SdkHttpFullRequest request = signed(key, body, length, metadata);
        try {
            return send(request, body, length);
        } catch (IOException stale) {
            return send(request, body, length);
        }
    }

    private SdkHttpFullRequest signed(StorageKey key, byte[] body, int length, Map<String, String> metadata) {
        URI url = bucketUrl.resolve(SdkHttpUtils.urlEncodeIgnoreSlashes(key.value()));
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(url)
                .putHeader("Content-Length", Integer.toString(length))
                .putHeader("Content-Type", S3Store.OCTETS);
        metadata.forEach((name, value) -> unsigned.putHeader("x-amz-meta-" + name, value));
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(bytes(body, length))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                // S3's own canonical form: the key's path is encoded once and kept as it is.
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false));
        // The condition is added after signing: a header SigV4 does not require, so a store (or a test double) that
        // drops it still sees a valid signature, as it does with the S3 client.
        return ((SdkHttpFullRequest) signed.request()).toBuilder().putHeader("If-None-Match", "*").build();
    }

    private Outcome send(SdkHttpFullRequest request, byte[] body, int length) throws IOException {
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(request)
                .contentStreamProvider(bytes(body, length))
                .build()).call();
        // The answer's body is read to its end either way, so that the connection goes back to the pool.
        String document = "";
        if (response.responseBody().isPresent()) {
            try (InputStream in = response.responseBody().get()) {
                document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        int status = response.httpResponse().statusCode();
        if (status / 100 == 2) {
            return new Outcome(response.httpResponse().firstMatchingHeader("ETag").orElse(null), null);
        }
        return new Outcome(null, new Refusal(status, document));
    }

    private static ContentStreamProvider bytes(byte[] body, int length) {
        return () -> new ByteArrayInputStream(body, 0, length);
    }

    @Override
    public void close() {
        http.close();
    }
}
