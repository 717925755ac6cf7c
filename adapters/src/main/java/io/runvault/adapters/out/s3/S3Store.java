package io.runvault.adapters.out.s3;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.StorageUnavailable;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Adapter support: what the S3 storage adapters share. The client and the bucket of each tier; lookups and removals
 * either tier's adapter makes; and how the store's failures are told to the core, with the store's availability as
 * last seen, so presigning, which is local, refuses while writes find the store down.
 *
 * <p>The archive tier is the archive bucket when one is configured, else the primary bucket; archive keys differ from
 * primary ones either way ({@code archive/…}).
 *
 * <p>The SHA-256 of an object is recorded as user metadata {@value #SHA256_METADATA} when it is known before the body
 * is sent; {@link #head} hashes the other objects by reading them. A client's presigned upload must record
 * {@value #UNVERIFIED} there (the URL signs it), so a checksum of the client's choosing is never taken on trust.
 */
public final class S3Store {
    static final String SHA256_METADATA = "sha256";
    /** What a presigned upload must record as its SHA-256: a value {@link #head} never takes for a checksum. */
    static final String UNVERIFIED = "unverified";
    static final String OCTETS = "application/octet-stream";
    /** S3's limit per multipart upload. */
    static final int MAX_PARTS = 10_000;
    /** S3's limit of keys per listed page and per DeleteObjects batch. */
    static final int MAX_BATCH = 1_000;
    static final SdkPlugin NO_RETRY = config -> config.overrideConfiguration(
            c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
    /** How long presigning trusts what it last saw of the store before asking it again. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final S3Client s3;
    private final SmallPuts smallPuts;
    private final String bucket;
    private final String archiveBucket;
    /** The chunk of each ranged GET when a large object is read back to hash it: see {@link #readBackChunk}. */
    private final int readBackChunk;
    /** Ranged GETs in flight during a read-back. */
    private final int readBackParallel;
    /** Why the store was last seen unavailable, or null when it answered; and when that was (System.nanoTime). */
    private volatile String down;
    private volatile long checkedAt = System.nanoTime() - PROBE_INTERVAL.toNanos();

    public S3Store(S3Client s3, S3Settings settings, ArchiveSettings archive, SmallPuts smallPuts) {
        this.s3 = s3;
        this.smallPuts = smallPuts;
        this.bucket = settings.bucket();
        this.archiveBucket = archive.bucket() == null ? settings.bucket() : archive.bucket();
        this.readBackChunk = readBackChunk(settings.partSize());
        this.readBackParallel = settings.readBackParallel();
    }

    /**
     * One part per range: a read-back holds {@code read-back-parallel} part-size buffers, as an upload holds one, and
     * every range is a request of its own for the store.
     */
    static int readBackChunk(long partSize) {
        return Math.toIntExact(partSize);
    }

    /** A store whose small puts go on an HTTP client of their own, for stores built outside the server's context. */
    public S3Store(S3Client s3, S3Settings settings, ArchiveSettings archive) {
        this(s3, settings, archive, SmallPuts.of(settings));
    }

    /** A store on the primary bucket only, as when no archive bucket is configured. */
    public S3Store(S3Client s3, S3Settings settings) {
        this(s3, settings, ArchiveSettings.defaults());
    }

    S3Client client() {
        return s3;
    }

    SmallPuts smallPuts() {
        return smallPuts;
    }

    String bucket() {
        return bucket;
    }

    String bucketOf(StorageTier tier) {
        return tier == StorageTier.ARCHIVE ? archiveBucket : bucket;
    }

    /** For embedded and development stores; production buckets are provisioned with their policies elsewhere. */
    public void createBucketIfMissing() {
        for (String name : new LinkedHashSet<>(List.of(bucket, archiveBucket))) {
            try {
                s3.headBucket(b -> b.bucket(name));
            } catch (NoSuchBucketException e) {
                LOG.info("creating bucket {}", name);
                try {
                    s3.createBucket(b -> b.bucket(name));
                } catch (S3Exception raced) {
                    if (raced.statusCode() != 409) {
                        throw raced;
                    }
                }
            }
        }
    }

    /**
     * Size and SHA-256 of the object, from its recorded metadata when that can be trusted, else by reading it; with
     * its ETag.
     */
    Optional<StoredObject> head(StorageLocation at) {
        String in = bucketOf(at.tier());
        StorageKey key = at.key();
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(in).key(key.value()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("could not look up " + at, e);
        }
        String recorded = head.metadata().get(SHA256_METADATA);
        if (recorded != null && !recorded.equals(UNVERIFIED)) {
            try {
                return Optional.of(new StoredObject(key, head.contentLength(), Checksum.sha256Hex(recorded),
                        head.eTag()));
            } catch (InvalidValue e) {
                LOG.warn("ignoring unreadable sha256 metadata on {}; hashing the object instead", key);
            }
        }
        return hashStored(in, key, head.eTag(), head.contentLength());
    }

    void delete(StorageLocation at) {
        try {
            s3.deleteObject(b -> b.bucket(bucketOf(at.tier())).key(at.key().value()));
        } catch (SdkException e) {
            throw failure("could not delete " + at, e);
        }
    }

    boolean exists(String in, StorageKey key) {
        try {
            s3.headObject(b -> b.bucket(in).key(key.value()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw failure("could not look up " + key, e);
        }
    }

    void abort(String in, StorageKey key, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(in).key(key.value()).uploadId(uploadId));
        } catch (SdkException e) {
            // The bucket's lifecycle rule for incomplete uploads is the backstop for this one.
            cause.addSuppressed(e);
            LOG.warn("could not abort multipart upload {} of {}", uploadId, key, e);
        }
    }

    private Optional<StoredObject> hashStored(String in, StorageKey key, String eTag, Long size) {
        if (size != null && size > readBackChunk) {
            return hashInRanges(in, key, eTag, size);
        }
        // If-Match: the size and hash must describe one and the same version of the object.
        try (InputStream stored = s3.getObject(b -> b.bucket(in).key(key.value()).ifMatch(eTag));
                HashingInputStream hashing = new HashingInputStream(stored, DeclaredLength.unknown())) {
            hashing.transferTo(OutputStream.nullOutputStream());
            return Optional.of(new StoredObject(key, hashing.count(), hashing.sha256(), eTag));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("could not read " + key + " to hash it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + key + " to hash it", e);
        }
    }

    /** Objects larger than a chunk are read back in ranges, several at once: see {@link RangedHash}. */
    private Optional<StoredObject> hashInRanges(String in, StorageKey key, String eTag, long size) {
        try {
            Checksum sha256 = new RangedHash(s3, in, key.value(), eTag, size, readBackChunk, readBackParallel)
                    .sha256();
            return Optional.of(new StoredObject(key, size, sha256, eTag));
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case NoSuchKeyException gone -> {
                    return Optional.empty();
                }
                case SdkException sdk -> throw failure("could not read " + key + " to hash it", sdk);
                case IOException io -> throw new UncheckedIOException("could not read " + key + " to hash it", io);
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("could not read " + key + " to hash it", e.getCause());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + key + " to hash it", e);
        }
    }

    /** A refused condition (412, or 409 for a conflicting concurrent write) means the key is taken. */
    RuntimeException writeFailure(StorageKey key, SdkException e) {
        if (e instanceof S3Exception s3 && (s3.statusCode() == 412 || s3.statusCode() == 409)) {
            return new ArtifactAlreadyExists(key);
        }
        return failure("could not store " + key + " (nothing was stored there)", e);
    }

    /**
     * A store that cannot be reached, times out or answers 5xx is unavailable, a passing condition the caller hears
     * of as such; it is logged here, once per failed call and without a stack trace (the cause is the news, and the
     * SDK's trace says nothing more). Other refusals (403, 400) stay I/O failures.
     */
    RuntimeException failure(String message, SdkException e) {
        if (isOutage(e)) {
            return unavailable(message, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new UncheckedIOException(message + ": " + e.getMessage(), new IOException(e.getMessage(), e));
    }

    /** {@link #writeFailure} for a write the store answered without the S3 client: the same refusals, the same outages. */
    RuntimeException writeRefused(StorageKey key, SmallPuts.Refusal refusal) {
        if (refusal.status() == 412 || refusal.status() == 409) {
            return new ArtifactAlreadyExists(key);
        }
        String message = "could not store " + key + " (nothing was stored there)";
        String cause = "status " + refusal.status() + ": " + refusal.body();
        if (refusal.status() >= 500) {
            return unavailable(message, cause);
        }
        return new UncheckedIOException(message + ": " + cause, new IOException(cause));
    }

    /** {@link #failure} for a write whose connection to the store failed, sent without the S3 client. */
    RuntimeException writeUnreachable(StorageKey key, IOException e) {
        return unavailable("could not store " + key + " (nothing was stored there)",
                e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private RuntimeException unavailable(String message, String cause) {
        LOG.warn("object store unavailable: {}: {}", message, cause);
        markDown(cause);
        return new StorageUnavailable(message + ": the object store is unavailable (" + cause + ")");
    }

    private static boolean isOutage(SdkException e) {
        if (e instanceof S3Exception s3) {
            return s3.statusCode() >= 500;
        }
        // Not an answer from the store: refused or reset connections, timeouts, unknown hosts.
        return e instanceof SdkClientException;
    }

    private void markDown(String cause) {
        down = cause;
        checkedAt = System.nanoTime();
    }

    /**
     * Presigning is local and would hand out URLs whatever the store's state. So it asks whether the store was seen
     * unavailable lately: the last call's outage, or else a HeadBucket at most once per {@link #PROBE_INTERVAL}.
     */
    void requireReachable(String leftBehind) {
        if (System.nanoTime() - checkedAt >= PROBE_INTERVAL.toNanos()) {
            probe();
        }
        String cause = down;
        if (cause != null) {
            throw new StorageUnavailable(leftBehind + ": the object store is unavailable (" + cause + ")");
        }
    }

    private synchronized void probe() {
        if (System.nanoTime() - checkedAt < PROBE_INTERVAL.toNanos()) {
            return;
        }
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(o -> o.addPlugin(NO_RETRY)
                    .apiCallTimeout(PROBE_TIMEOUT)));
            down = null;
        } catch (SdkException e) {
            // A missing bucket or refused credentials are not for presigning to report: the upload will say.
            down = isOutage(e) ? e.getClass().getSimpleName() + ": " + e.getMessage() : null;
        }
        checkedAt = System.nanoTime();
    }
}
