package io.runvault.adapters.out.s3;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.domain.Checksum;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Adapter: {@link ArtifactStorage} on S3 or an S3-compatible store. Writes carry {@code If-None-Match: *}, so the store
 * itself refuses to replace an object; memory per upload is bounded by one part buffer.
 *
 * <p>The SHA-256 is known only once the body has been read, but S3 takes metadata before the body. So it is recorded
 * as user metadata {@value #SHA256_METADATA} only for bodies that fit one part buffer (hashed before sending);
 * {@link #head} hashes the other objects by reading them.
 */
public final class S3ArtifactStorage implements ArtifactStorage {
    static final String SHA256_METADATA = "sha256";
    private static final Logger LOG = LoggerFactory.getLogger(S3ArtifactStorage.class);
    private static final String OCTETS = "application/octet-stream";
    private static final int FIRST_BUFFER = 64 * 1024;
    /** S3's limit per multipart upload. */
    private static final int MAX_PARTS = 10_000;
    /** SigV4 signatures are valid for at most a week. */
    private static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final int partSize;
    private final long multipartThreshold;

    public S3ArtifactStorage(S3Client s3, S3Presigner presigner, S3Settings settings) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = settings.bucket();
        this.partSize = Math.toIntExact(settings.partSize());
        this.multipartThreshold = settings.multipartThreshold();
    }

    @Override
    public StoredObject putIfAbsent(StorageKey key, InputStream content, long contentLength) {
        if (contentLength < UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("contentLength must be -1 (unknown) or the exact length");
        }
        HashingInputStream hashing = new HashingInputStream(content, contentLength);
        try {
            if (contentLength > partSize && contentLength < multipartThreshold) {
                return putStreamed(key, hashing, contentLength);
            }
            PushbackInputStream body = new PushbackInputStream(hashing, 1);
            byte[] first = readFirstPart(body, contentLength);
            if (atEnd(body)) {
                return putBuffered(key, first, hashing);
            }
            return putMultipart(key, body, first, hashing);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the body for " + key, e);
        }
    }

    @Override
    public Optional<StoredObject> head(StorageKey key) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key.value()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("could not look up " + key, e);
        }
        String recorded = head.metadata().get(SHA256_METADATA);
        if (recorded != null) {
            try {
                return Optional.of(new StoredObject(key, head.contentLength(), Checksum.sha256Hex(recorded)));
            } catch (InvalidValue e) {
                LOG.warn("ignoring unreadable sha256 metadata on {}; hashing the object instead", key);
            }
        }
        return hashStored(key, head.eTag());
    }

    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl) {
        checkTtl(ttl);
        return presigned(presigner.presignPutObject(r -> r.signatureDuration(ttl)
                .putObjectRequest(b -> b.bucket(bucket).key(key.value()))));
    }

    @Override
    public PresignedUrl presignGet(StorageKey key, Duration ttl) {
        checkTtl(ttl);
        return presigned(presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(b -> b.bucket(bucket).key(key.value()))));
    }

    @Override
    public InputStream open(StorageKey key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key.value()));
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFound(key);
        } catch (SdkException e) {
            throw failure("could not open " + key, e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key.value()));
        } catch (SdkException e) {
            throw failure("could not delete " + key, e);
        }
    }

    /** For embedded and development stores; production buckets are provisioned with their policies elsewhere. */
    public void createBucketIfMissing() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            LOG.info("creating bucket {}", bucket);
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (S3Exception raced) {
                if (raced.statusCode() != 409) {
                    throw raced;
                }
            }
        }
    }

    private StoredObject putStreamed(StorageKey key, HashingInputStream body, long length) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key.value()).ifNoneMatch("*").contentLength(length)
                    .contentType(OCTETS), RequestBody.fromContentProvider(readOnce(body), length, OCTETS));
        } catch (SdkException | IllegalStateException e) {
            // The caller's stream failing is the news, not whatever the SDK made of it (or of a retry).
            if (body.failure() != null) {
                throw new UncheckedIOException("could not read the body for " + key, body.failure());
            }
            if (e instanceof SdkException sdk) {
                throw writeFailure(key, sdk);
            }
            throw e;
        }
        return new StoredObject(key, body.count(), body.sha256());
    }

    private StoredObject putBuffered(StorageKey key, byte[] body, HashingInputStream hashing) {
        int length = Math.toIntExact(hashing.count());
        Checksum sha256 = hashing.sha256();
        try {
            s3.putObject(b -> b.bucket(bucket).key(key.value()).ifNoneMatch("*").contentLength((long) length)
                            .contentType(OCTETS).metadata(Map.of(SHA256_METADATA, sha256.value())),
                    RequestBody.fromContentProvider(replayable(body, length), length, OCTETS));
        } catch (SdkException e) {
            throw writeFailure(key, e);
        }
        return new StoredObject(key, length, sha256);
    }

    private StoredObject putMultipart(StorageKey key, InputStream body, byte[] first, HashingInputStream hashing)
            throws IOException {
        // Only a hint that saves uploading a large body for nothing; the conditional complete is what decides.
        if (exists(key)) {
            throw new ArtifactAlreadyExists(key);
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key.value()).contentType(OCTETS))
                    .uploadId();
        } catch (SdkException e) {
            throw writeFailure(key, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = first;
            int filled = first.length;
            while (filled > 0) {
                if (parts.size() == MAX_PARTS) {
                    throw new IOException("the body of " + key + " exceeds " + MAX_PARTS + " parts of " + partSize
                            + " bytes; raise " + S3Settings.PREFIX + ".part-size");
                }
                parts.add(uploadPart(key, uploadId, parts.size() + 1, buffer, filled));
                filled = fill(body, buffer, 0, buffer.length);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
            return new StoredObject(key, hashing.count(), hashing.sha256());
        } catch (IOException | RuntimeException | Error e) {
            abort(key, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw writeFailure(key, sdk);
            }
            throw e;
        }
    }

    private CompletedPart uploadPart(StorageKey key, String uploadId, int number, byte[] buffer, int length) {
        String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length),
                RequestBody.fromContentProvider(replayable(buffer, length), length, OCTETS)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    private void abort(StorageKey key, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId));
        } catch (SdkException e) {
            // The bucket's lifecycle rule for incomplete uploads is the backstop for this one.
            cause.addSuppressed(e);
            LOG.warn("could not abort multipart upload {} of {}", uploadId, key, e);
        }
    }

    /**
     * The first part, whole: the exact body when it is declared no longer than a part, else up to a part. The buffer
     * starts small and grows, so small bodies of unknown length do not cost a part-sized array each.
     */
    private byte[] readFirstPart(InputStream body, long contentLength) throws IOException {
        if (contentLength >= 0 && contentLength <= partSize) {
            byte[] exact = new byte[(int) contentLength];
            fill(body, exact, 0, exact.length);
            return exact;
        }
        byte[] buffer = new byte[Math.min(FIRST_BUFFER, partSize)];
        int filled = fill(body, buffer, 0, buffer.length);
        while (filled == buffer.length && buffer.length < partSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, partSize));
            filled += fill(body, buffer, filled, buffer.length - filled);
        }
        return filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
    }

    private static int fill(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int filled = 0;
        while (filled < length) {
            int n = in.read(buffer, offset + filled, length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static boolean atEnd(PushbackInputStream body) throws IOException {
        int next = body.read();
        if (next < 0) {
            return true;
        }
        body.unread(next);
        return false;
    }

    private boolean exists(StorageKey key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key.value()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw failure("could not look up " + key, e);
        }
    }

    private Optional<StoredObject> hashStored(StorageKey key, String eTag) {
        // If-Match: the size and hash must describe one and the same version of the object.
        try (InputStream stored = s3.getObject(b -> b.bucket(bucket).key(key.value()).ifMatch(eTag));
                HashingInputStream hashing = new HashingInputStream(stored, UNKNOWN_LENGTH)) {
            hashing.transferTo(OutputStream.nullOutputStream());
            return Optional.of(new StoredObject(key, hashing.count(), hashing.sha256()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("could not read " + key + " to hash it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + key + " to hash it", e);
        }
    }

    private static PresignedUrl presigned(PresignedRequest request) {
        // Anything signed beyond the host is a header every client would have to echo: plain PUTs would fail.
        if (!request.signedHeaders().keySet().equals(Set.of("host")) || request.signedPayload().isPresent()) {
            throw new IllegalStateException("presigned request needs more than the URL: signed headers "
                    + request.signedHeaders().keySet());
        }
        try {
            return new PresignedUrl(request.url().toURI(), request.expiration());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK presigned an invalid URL", e);
        }
    }

    private static void checkTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw new IllegalArgumentException("presigned URL ttl must be between 1s and 7 days, was " + ttl);
        }
    }

    /** The body of a streamed upload can be sent once; the SDK asking again (a retry) fails the upload instead. */
    private static ContentStreamProvider readOnce(HashingInputStream body) {
        return () -> {
            if (body.count() > 0) {
                throw new IllegalStateException("a streamed body cannot be sent twice");
            }
            return body;
        };
    }

    private static ContentStreamProvider replayable(byte[] buffer, int length) {
        return () -> new ByteArrayInputStream(buffer, 0, length);
    }

    private static RuntimeException writeFailure(StorageKey key, SdkException e) {
        if (e instanceof S3Exception s3 && (s3.statusCode() == 412 || s3.statusCode() == 409)) {
            return new ArtifactAlreadyExists(key);
        }
        return failure("could not store " + key, e);
    }

    private static UncheckedIOException failure(String message, SdkException e) {
        return new UncheckedIOException(message + ": " + e.getMessage(), new IOException(e.getMessage(), e));
    }
}
