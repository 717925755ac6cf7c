package io.runvault.adapters.out.s3;

import static io.runvault.adapters.out.s3.S3Store.OCTETS;
import static io.runvault.adapters.out.s3.S3Store.SHA256_METADATA;
import static io.runvault.adapters.out.s3.S3Store.UNVERIFIED;

import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.domain.Checksum;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import jakarta.inject.Singleton;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Adapter: {@link ArtifactLinks} signed for S3 or an S3-compatible store. Signing is local, so it first asks
 * {@link S3Store} whether the store was seen unavailable: a URL to a store that is down would only fail later.
 */
@Singleton
public final class S3ArtifactLinks implements ArtifactLinks {
    /** SigV4 signatures are valid for at most a week. */
    private static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

    private final S3Store store;
    private final S3Presigner presigner;

    public S3ArtifactLinks(S3Store store, S3Presigner presigner) {
        this.store = store;
        this.presigner = presigner;
    }

    /**
     * The URL signs {@value S3Store#SHA256_METADATA} metadata as {@value S3Store#UNVERIFIED}: the client must send
     * exactly that, so it cannot record a checksum of its choosing for {@link S3Store#head} to trust.
     */
    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl) {
        return presignPut(key, ttl, (String) null);
    }

    /** Also signs {@code x-amz-checksum-sha256}, which S3 checks against the body (some compatible stores do not). */
    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl, Checksum sha256) {
        return presignPut(key, ttl, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256.value())));
    }

    private PresignedUrl presignPut(StorageKey key, Duration ttl, String sha256Base64) {
        checkTtl(ttl);
        store.requireReachable("no upload URL was issued for " + key);
        return presigned(presigner.presignPutObject(r -> r.signatureDuration(ttl)
                .putObjectRequest(b -> b.bucket(store.bucket()).key(key.value()).ifNoneMatch("*")
                        .metadata(Map.of(SHA256_METADATA, UNVERIFIED)).checksumSHA256(sha256Base64))));
    }

    @Override
    public PresignedUrl presignStagingPut(StorageKey staging, Duration ttl) {
        checkTtl(ttl);
        return presigned(presigner.presignPutObject(r -> r.signatureDuration(ttl)
                .putObjectRequest(b -> b.bucket(store.bucket()).key(staging.value()))));
    }

    @Override
    public PresignedUrl presignGet(StorageLocation at, Duration ttl) {
        checkTtl(ttl);
        store.requireReachable("no download URL was issued for " + at);
        // Served as an opaque download whatever Content-Type the uploader sent: never rendered by a browser.
        return presigned(presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(b -> b.bucket(store.bucketOf(at.tier())).key(at.key().value())
                        .responseContentType(OCTETS).responseContentDisposition("attachment"))));
    }

    /** The headers a presigned URL may require of its client: the create-only condition, the metadata, a checksum. */
    private static final Set<String> SIGNED_FOR_CLIENTS = Set.of("If-None-Match", "x-amz-meta-" + SHA256_METADATA,
            "x-amz-checksum-sha256");

    static PresignedUrl presigned(PresignedRequest request) {
        // Every signed header but the host is one the client must send as signed; anything beyond the ones named
        // (a signed payload above all) would be a surprise for clients: refuse to hand it out.
        Map<String, String> headers = new HashMap<>();
        request.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name.equalsIgnoreCase("if-none-match") ? "If-None-Match" : name.toLowerCase(Locale.ROOT),
                        String.join(",", values));
            }
        });
        if (!SIGNED_FOR_CLIENTS.containsAll(headers.keySet()) || request.signedPayload().isPresent()) {
            throw new IllegalStateException("presigned request needs more than the URL and If-None-Match: signed "
                    + "headers " + request.signedHeaders().keySet());
        }
        try {
            return new PresignedUrl(request.url().toURI(), request.expiration(), headers);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK presigned an invalid URL", e);
        }
    }

    static void checkTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw new IllegalArgumentException("presigned URL ttl must be between 1s and 7 days, was " + ttl);
        }
    }
}
