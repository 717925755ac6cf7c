package io.runvault.adapters.out.s3;

import io.runvault.domain.Checksum;
import io.runvault.domain.StorageKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Adapter helper: a create-only PutObject of a body held in memory, signed (SigV4, with the SHA-256 already computed
 * as its payload hash) and sent on the SDK's HTTP client, but without the S3 client's per-call pipeline (interceptors, endpoint and auth-scheme
 * resolution, chunked payload signing, {@code Expect: 100-continue}). For a small body that pipeline costs more CPU
 * than everything else an upload does, and it buys nothing here: the body is already in memory, its hash signs the
 * request, and there is nothing to stream, retry in parts or check against a trailer.
 */
public final class SmallPuts implements AutoCloseable {
    private static final String PROBE_KEY = "k";

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final PutSigner signer;
    private final Clock clock = Clock.systemUTC();
    /** The Host header as the HTTP client sends it: the port only when it is not the scheme's default. */
    private final String host;
    /** The bucket's URL up to and including the slash before the key, as the S3 client would address it. */
    private final URI bucketUrl;

    private SmallPuts(SdkHttpClient http, S3Settings settings) {
        this.http = http;
        this.credentials = S3Clients.credentials(settings);
        this.signer = new PutSigner(settings.region());
        S3Utilities.Builder utilities = S3Utilities.builder()
                .region(Region.of(settings.region()))
                .s3Configuration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            utilities.endpoint(settings.endpoint());
        }
        String probe = utilities.build().getUrl(b -> b.bucket(settings.bucket()).key(PROBE_KEY)).toString();
        this.bucketUrl = URI.create(probe.substring(0, probe.length() - PROBE_KEY.length()));
        int port = bucketUrl.getPort();
        boolean standard = port == -1 || ("http".equals(bucketUrl.getScheme()) && port == 80)
                || ("https".equals(bucketUrl.getScheme()) && port == 443);
        this.host = standard ? bucketUrl.getHost() : bucketUrl.getHost() + ":" + port;
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
    Outcome putIfAbsent(StorageKey key, byte[] body, int length, Checksum sha256, Map<String, String> metadata)
            throws IOException {
        SdkHttpFullRequest request = signed(key, length, sha256, metadata);
        try {
            return send(request, body, length);
        } catch (IOException stale) {
            return send(request, body, length);
        }
    }

    private SdkHttpFullRequest signed(StorageKey key, int length, Checksum sha256, Map<String, String> metadata) {
        String path = bucketUrl.getRawPath() + SdkHttpUtils.urlEncodeIgnoreSlashes(key.value());
        Map<String, String> headers = new HashMap<>();
        headers.put("host", host);
        headers.put("content-type", S3Store.OCTETS);
        headers.put("content-length", Integer.toString(length));
        metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .protocol(bucketUrl.getScheme())
                .host(bucketUrl.getHost())
                .port(bucketUrl.getPort())
                .encodedPath(path);
        headers.forEach(request::putHeader);
        signer.sign(path, headers, sha256.value(), credentials.resolveCredentials(), ZonedDateTime.now(clock))
                .forEach(request::putHeader);
        // The condition is not signed: SigV4 does not require it, so a store (or a test double) that drops it still
        // sees a valid signature, as with the S3 client.
        return request.putHeader("If-None-Match", "*").build();
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
