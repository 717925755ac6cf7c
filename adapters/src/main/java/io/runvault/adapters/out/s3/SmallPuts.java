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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Adapter helper: PUTs that need none of the S3 client's per-call pipeline (interceptors, endpoint and auth-scheme
 * resolution, chunked payload signing, {@code Expect: 100-continue}, XML mapping), signed here (SigV4) and sent on the
 * SDK's HTTP client: a create-only PutObject of a body held in memory, its SHA-256 already computed as its payload
 * hash, and a CopyObject of one version of an object, which has no body at all. For such a request that pipeline
 * costs more CPU than everything else the call does, and buys nothing: there is nothing to stream, retry in parts or
 * check against a trailer.
 */
public final class SmallPuts implements AutoCloseable {
    private static final String PROBE_KEY = "k";
    /** The SHA-256 of no bytes: the payload hash of a request without a body. */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final byte[] NO_BODY = new byte[0];
    private static final Pattern ETAG = Pattern.compile("<ETag>([^<]*)</ETag>");
    /** Copies are of a version named by its tag, so sending one again copies the same bytes to the same key. */
    private static final int COPY_ATTEMPTS = 3;
    private static final long COPY_BACKOFF_MILLIS = 50;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final PutSigner signer;
    private final Clock clock = Clock.systemUTC();
    private final S3Utilities utilities;
    private final String bucket;
    private final Map<String, Address> addresses = new ConcurrentHashMap<>();

    /**
     * Where a bucket's objects are sent: its URL up to and including the slash before the key, as the S3 client
     * would address it, and the Host header as the HTTP client sends it (the port only when not the scheme's default).
     */
    private record Address(URI bucketUrl, String host) {
    }

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
        this.utilities = utilities.build();
        this.bucket = settings.bucket();
        address(bucket);
    }

    private Address address(String bucket) {
        return addresses.computeIfAbsent(bucket, name -> {
            String probe = utilities.getUrl(b -> b.bucket(name).key(PROBE_KEY)).toString();
            URI bucketUrl = URI.create(probe.substring(0, probe.length() - PROBE_KEY.length()));
            int port = bucketUrl.getPort();
            boolean standard = port == -1 || ("http".equals(bucketUrl.getScheme()) && port == 80)
                    || ("https".equals(bucketUrl.getScheme()) && port == 443);
            return new Address(bucketUrl, standard ? bucketUrl.getHost() : bucketUrl.getHost() + ":" + port);
        });
    }

    /** Small puts to the settings' bucket on an HTTP client of their own. */
    public static SmallPuts of(S3Settings settings) {
        return new SmallPuts(ApacheHttpClient.builder().build(), settings);
    }

    /** Small puts to the settings' bucket sent on the given HTTP client, which they close when closed. */
    public static SmallPuts over(SdkHttpClient http, S3Settings settings) {
        return new SmallPuts(http, settings);
    }

    /** How the store answered a PUT it did not carry out; {@code body} is its error document, if any. */
    record Refusal(int status, String body) {
    }

    /** The outcome of one PUT: the new object's ETag (null if the store named none), or the store's refusal. */
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
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", S3Store.OCTETS);
        headers.put("content-length", Integer.toString(length));
        metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        SdkHttpFullRequest.Builder request = signed(address(bucket), key, headers, sha256.value());
        // The condition is not signed: SigV4 does not require it, so a store (or a test double) that drops it still
        // sees a valid signature, as with the S3 client.
        SdkHttpFullRequest conditional = request.putHeader("If-None-Match", "*").build();
        Answer answer;
        try {
            answer = send(conditional, body, length);
        } catch (IOException stale) {
            answer = send(conditional, body, length);
        }
        return answer.taken() ? new Outcome(answer.eTag(), null)
                : new Outcome(null, new Refusal(answer.status(), answer.document()));
    }

    /**
     * CopyObject of {@code source} in {@code sourceBucket} to {@code key} in {@code targetBucket}, metadata and all,
     * if the source's ETag is still {@code eTag} (whatever it is when null, as a store that names no ETags needs);
     * {@code storageClass} may be null (the bucket's default). The condition is signed, as every {@code x-amz-}
     * header must be. A copy the store could not reach or failed (5xx, or a 200 carrying an error document, which S3
     * sends for a copy that failed once under way) is sent again, as the S3 client's retries would, a few times in
     * all.
     *
     * @throws IOException when the store could not be reached on the last attempt
     */
    Outcome copyIfMatch(String sourceBucket, StorageKey source, String eTag, String targetBucket, StorageKey key,
            String storageClass) throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-length", "0");
        headers.put("x-amz-copy-source", SdkHttpUtils.urlEncodeIgnoreSlashes(sourceBucket) + "/"
                + SdkHttpUtils.urlEncodeIgnoreSlashes(source.value()));
        if (eTag != null) {
            headers.put("x-amz-copy-source-if-match", eTag);
        }
        if (storageClass != null) {
            headers.put("x-amz-storage-class", storageClass);
        }
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = null;
            IOException unreachable = null;
            try {
                // Signed anew each time: the signature carries the time it was made.
                outcome = copied(send(signed(address(targetBucket), key, headers, EMPTY_SHA256).build(),
                        NO_BODY, 0));
            } catch (IOException e) {
                unreachable = e;
            }
            boolean failed = unreachable != null || outcome.refusal() != null && outcome.refusal().status() >= 500;
            if (!failed || attempt == COPY_ATTEMPTS || !pausedBefore(attempt + 1)) {
                if (unreachable != null) {
                    throw unreachable;
                }
                return outcome;
            }
        }
    }

    /** A copy's outcome: its ETag is in the document, which may also be an error despite the 200. */
    private static Outcome copied(Answer answer) {
        if (!answer.taken()) {
            return new Outcome(null, new Refusal(answer.status(), answer.document()));
        }
        if (answer.document().contains("<Error>")) {
            // A failure of the store's own, as a 500 would be.
            return new Outcome(null, new Refusal(500, answer.document()));
        }
        Matcher tag = ETAG.matcher(answer.document());
        // An ETag that cannot be read is no tag: the caller then looks at what landed.
        return new Outcome(tag.find() ? unescaped(tag.group(1)) : null, null);
    }

    private static String unescaped(String xml) {
        return xml.replace("&quot;", "\"").replace("&#34;", "\"").replace("&amp;", "&");
    }

    /** Waits before the given attempt; false when interrupted meanwhile, which ends the attempts. */
    private static boolean pausedBefore(int attempt) {
        try {
            Thread.sleep(COPY_BACKOFF_MILLIS << (attempt - 2));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A PUT of {@code key} in the bucket at {@code to} with {@code headers} (lowercase names), all of them signed. */
    private SdkHttpFullRequest.Builder signed(Address to, StorageKey key, Map<String, String> headers,
            String payloadSha256) {
        String path = to.bucketUrl().getRawPath() + SdkHttpUtils.urlEncodeIgnoreSlashes(key.value());
        Map<String, String> all = new HashMap<>(headers);
        all.put("host", to.host());
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .protocol(to.bucketUrl().getScheme())
                .host(to.bucketUrl().getHost())
                .port(to.bucketUrl().getPort())
                .encodedPath(path);
        all.forEach(request::putHeader);
        signer.sign(path, all, payloadSha256, credentials.resolveCredentials(), ZonedDateTime.now(clock))
                .forEach(request::putHeader);
        return request;
    }

    /** What the store answered: status, ETag header, and the document in the body, read whole. */
    private record Answer(int status, String eTag, String document) {
        boolean taken() {
            return status / 100 == 2;
        }
    }

    private Answer send(SdkHttpFullRequest request, byte[] body, int length) throws IOException {
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
        return new Answer(response.httpResponse().statusCode(),
                response.httpResponse().firstMatchingHeader("ETag").orElse(null), document);
    }

    private static ContentStreamProvider bytes(byte[] body, int length) {
        return () -> new ByteArrayInputStream(body, 0, length);
    }

    @Override
    public void close() {
        http.close();
    }
}
