package io.runvault.adapters.out.s3;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.StorageUnavailable;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Adapter: {@link ArtifactStorage} on S3 or an S3-compatible store. Writes carry {@code If-None-Match: *}, so the store
 * itself refuses to replace an object; memory per upload is bounded by two part buffers (one sent while the other
 * fills).
 *
 * <p>How a body is sent follows from its declared length: up to one part, buffered and sent whole (retryable); up to
 * the multipart threshold (by default S3's 5 GiB limit for one PutObject), streamed as one PutObject; undeclared or
 * larger, in multipart parts of the configured size.
 *
 * <p>The SHA-256 is known only once the body has been read, but S3 takes metadata before the body. So it is recorded
 * as user metadata {@value #SHA256_METADATA} only for bodies that fit one part buffer (hashed before sending);
 * {@link #head} hashes the other objects by reading them. A client's presigned upload must record
 * {@value #UNVERIFIED} there (the URL signs it), so a checksum of the client's choosing is never taken on trust.
 *
 * <p>The archive tier is the archive bucket when one is configured, else the primary bucket; archive keys differ from
 * primary ones either way ({@code archive/…}). Copies stay inside the store: CopyObject up to the configured threshold,
 * UploadPartCopy above it.
 */
public final class S3ArtifactStorage implements ArtifactStorage {
    static final String SHA256_METADATA = "sha256";
    /** What a presigned upload must record as its SHA-256: a value {@link #head} never takes for a checksum. */
    static final String UNVERIFIED = "unverified";
    private static final Logger LOG = LoggerFactory.getLogger(S3ArtifactStorage.class);
    private static final String OCTETS = "application/octet-stream";
    private static final int FIRST_BUFFER = 64 * 1024;
    /** S3's limit per multipart upload. */
    private static final int MAX_PARTS = 10_000;
    /** SigV4 signatures are valid for at most a week. */
    private static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);
    /** How long presigning trusts what it last saw of the store before asking it again. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final SdkPlugin NO_RETRY = config -> config.overrideConfiguration(
            c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final int partSize;
    private final long multipartThreshold;
    private final String archiveBucket;
    private final ArchiveSettings archive;
    /** Why the store was last seen unavailable, or null when it answered; and when that was (System.nanoTime). */
    private volatile String down;
    private volatile long checkedAt = System.nanoTime() - PROBE_INTERVAL.toNanos();

    public S3ArtifactStorage(S3Client s3, S3Presigner presigner, S3Settings settings) {
        this(s3, presigner, settings, ArchiveSettings.defaults());
    }

    public S3ArtifactStorage(S3Client s3, S3Presigner presigner, S3Settings settings, ArchiveSettings archive) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = settings.bucket();
        this.partSize = Math.toIntExact(settings.partSize());
        this.multipartThreshold = settings.multipartThreshold();
        this.archiveBucket = archive.bucket() == null ? settings.bucket() : archive.bucket();
        this.archive = archive;
    }

    @Override
    public StoredObject putIfAbsent(StorageKey key, InputStream content, DeclaredLength length) {
        HashingInputStream hashing = new HashingInputStream(content, length);
        try {
            // A declared length lets the whole body go in one request, copied straight through: no part buffers,
            // and no second pass over the parts on the store's side when it completes a multipart upload.
            if (length.atMost(multipartThreshold) && !length.atMost(partSize)) {
                return putStreamed(key, hashing, length.bytes().getAsLong());
            }
            PushbackInputStream body = new PushbackInputStream(hashing, 1);
            byte[] first = readFirstPart(body, length);
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
        return head(StorageLocation.primary(key));
    }

    @Override
    public Optional<StoredObject> head(StorageLocation at) {
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
                return Optional.of(new StoredObject(key, head.contentLength(), Checksum.sha256Hex(recorded)));
            } catch (InvalidValue e) {
                LOG.warn("ignoring unreadable sha256 metadata on {}; hashing the object instead", key);
            }
        }
        return hashStored(in, key, head.eTag());
    }

    /**
     * The URL signs {@value #SHA256_METADATA} metadata as {@value #UNVERIFIED}: the client must send exactly that,
     * so it cannot record a checksum of its choosing for {@link #head} to trust.
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
        requireReachable("no upload URL was issued for " + key);
        return presigned(presigner.presignPutObject(r -> r.signatureDuration(ttl)
                .putObjectRequest(b -> b.bucket(bucket).key(key.value()).ifNoneMatch("*")
                        .metadata(Map.of(SHA256_METADATA, UNVERIFIED)).checksumSHA256(sha256Base64))));
    }

    @Override
    public PresignedUrl presignStagingPut(StorageKey staging, Duration ttl) {
        checkTtl(ttl);
        return presigned(presigner.presignPutObject(r -> r.signatureDuration(ttl)
                .putObjectRequest(b -> b.bucket(bucket).key(staging.value()))));
    }

    @Override
    public PresignedUrl presignGet(StorageKey key, Duration ttl) {
        return presignGet(StorageLocation.primary(key), ttl);
    }

    @Override
    public PresignedUrl presignGet(StorageLocation at, Duration ttl) {
        checkTtl(ttl);
        requireReachable("no download URL was issued for " + at);
        // Served as an opaque download whatever Content-Type the uploader sent: never rendered by a browser.
        return presigned(presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(b -> b.bucket(bucketOf(at.tier())).key(at.key().value())
                        .responseContentType(OCTETS).responseContentDisposition("attachment"))));
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

    /** A ranged GET: a check of the first bytes costs those bytes, not the whole object. */
    @Override
    public byte[] readStart(StorageKey key, int length) {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key.value()).range("bytes=0-" + (length - 1)))) {
            return in.readNBytes(length);
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFound(key);
        } catch (SdkException e) {
            throw failure("could not read the start of " + key, e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the start of " + key, e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        delete(StorageLocation.primary(key));
    }

    @Override
    public void delete(StorageLocation at) {
        try {
            s3.deleteObject(b -> b.bucket(bucketOf(at.tier())).key(at.key().value()));
        } catch (SdkException e) {
            throw failure("could not delete " + at, e);
        }
    }

    @Override
    public void copy(StorageLocation from, StorageLocation to) {
        String source = bucketOf(from.tier());
        String target = bucketOf(to.tier());
        HeadObjectResponse original;
        try {
            original = s3.headObject(b -> b.bucket(source).key(from.key().value()));
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFound(from.key());
        } catch (SdkException e) {
            throw failure("could not look up " + from, e);
        }
        // CopyObject takes no If-None-Match: this check keeps it create-only, as one operation at a time per job is
        // the only writer of archive keys. Copies in parts are completed with If-None-Match as well.
        if (exists(target, to.key())) {
            throw new ArtifactAlreadyExists(to.key());
        }
        String storageClass = to.tier() == StorageTier.ARCHIVE ? archive.storageClass() : null;
        try {
            if (original.contentLength() > archive.multipartCopyThreshold()) {
                copyInParts(source, from.key(), target, to.key(), original, storageClass);
            } else {
                // If-Match: the copy is of the very version whose size was just checked.
                s3.copyObject(b -> b.sourceBucket(source).sourceKey(from.key().value()).destinationBucket(target)
                        .destinationKey(to.key().value()).copySourceIfMatch(original.eTag())
                        .storageClass(storageClass));
            }
        } catch (SdkException e) {
            throw writeFailure(to.key(), e);
        }
    }

    @Override
    public KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken) {
        ListObjectsV2Response page;
        try {
            page = s3.listObjectsV2(b -> b.bucket(bucketOf(tier)).prefix(prefix.value()).continuationToken(pageToken)
                    .maxKeys(MAX_BATCH));
        } catch (SdkException e) {
            throw failure("could not list " + tier + " " + prefix, e);
        }
        List<StorageKey> keys = page.contents().stream().map(object -> new StorageKey(object.key())).toList();
        return new KeyPage(keys, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }

    @Override
    public int deleteAll(StorageTier tier, List<StorageKey> keys) {
        String in = bucketOf(tier);
        int deleted = 0;
        for (int start = 0; start < keys.size(); start += MAX_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(start, Math.min(start + MAX_BATCH, keys.size())).stream()
                    .map(key -> ObjectIdentifier.builder().key(key.value()).build()).toList();
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(b -> b.bucket(in).delete(d -> d.quiet(true).objects(batch)));
            } catch (SdkException e) {
                throw failure("could not delete " + batch.size() + " objects from " + tier, e);
            }
            if (!response.errors().isEmpty()) {
                S3Error first = response.errors().getFirst();
                throw new UncheckedIOException(new IOException(response.errors().size() + " of " + batch.size()
                        + " deletes refused in " + tier + "; first " + first.key() + ": " + first.code() + " "
                        + first.message()));
            }
            deleted += batch.size();
        }
        return deleted;
    }

    @Override
    public int abortUploads(StorageTier tier, StoragePrefix prefix) {
        String in = bucketOf(tier);
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            String keyAfter = keyMarker;
            String uploadAfter = uploadIdMarker;
            ListMultipartUploadsResponse page;
            try {
                page = s3.listMultipartUploads(b -> b.bucket(in).prefix(prefix.value()).keyMarker(keyAfter)
                        .uploadIdMarker(uploadAfter));
            } catch (SdkException e) {
                throw failure("could not list the unfinished uploads under " + prefix, e);
            }
            for (MultipartUpload upload : page.uploads()) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(in).key(upload.key()).uploadId(upload.uploadId()));
                    aborted++;
                } catch (NoSuchUploadException e) {
                    // Completed or aborted meanwhile: either way it is no longer open.
                } catch (SdkException e) {
                    throw failure("could not abort upload " + upload.uploadId() + " of " + upload.key(), e);
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return aborted;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }

    private String bucketOf(StorageTier tier) {
        return tier == StorageTier.ARCHIVE ? archiveBucket : bucket;
    }

    private void copyInParts(String source, StorageKey from, String target, StorageKey to, HeadObjectResponse original,
            String storageClass) {
        long size = original.contentLength();
        long part = Math.max(archive.copyPartSize(), Math.ceilDiv(size, MAX_PARTS));
        // Metadata (the recorded SHA-256 among it) is not carried over by part copies: set it as CopyObject would.
        String uploadId = s3.createMultipartUpload(b -> b.bucket(target).key(to.value())
                .contentType(original.contentType()).metadata(original.metadata()).storageClass(storageClass))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(offset + part, size) - 1);
                String eTag = s3.uploadPartCopy(b -> b.sourceBucket(source).sourceKey(from.value())
                        .destinationBucket(target).destinationKey(to.value()).uploadId(uploadId).partNumber(number)
                        .copySourceRange(range).copySourceIfMatch(original.eTag())).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(target).key(to.value()).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException | Error e) {
            abort(target, to, uploadId, e);
            throw e;
        }
    }

    /** For embedded and development stores; production buckets are provisioned with their policies elsewhere. */
    public void createBucketIfMissing() {
        for (String name : new java.util.LinkedHashSet<>(List.of(bucket, archiveBucket))) {
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

    private StoredObject putStreamed(StorageKey key, HashingInputStream body, long length) {
        try {
            // No retry: the body is the caller's stream, read as it is sent, and cannot be sent again. The attempt's
            // own failure is then what the caller hears of, and repeating the whole upload is theirs to do.
            s3.putObject(b -> b.bucket(bucket).key(key.value()).ifNoneMatch("*").contentLength(length)
                    .contentType(OCTETS).overrideConfiguration(o -> o.addPlugin(NO_RETRY)),
                    RequestBody.fromContentProvider(readOnce(body), length, OCTETS));
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
        if (exists(bucket, key)) {
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
            byte[] sending = first;
            int filled = first.length;
            byte[] reading = null;
            while (filled > 0) {
                if (parts.size() == MAX_PARTS) {
                    throw new IOException("the body of " + key + " exceeds " + MAX_PARTS + " parts of " + partSize
                            + " bytes; raise " + S3Settings.PREFIX + ".part-size");
                }
                // Each part goes out while the next one is read, so receiving and sending overlap instead of taking
                // turns; that costs a second part buffer.
                FutureTask<CompletedPart> upload = uploadPartAsync(key, uploadId, parts.size() + 1, sending, filled);
                try {
                    if (reading == null) {
                        reading = new byte[partSize];
                    }
                    filled = fill(body, reading, 0, reading.length);
                } catch (IOException | RuntimeException | Error e) {
                    // No part may still be on its way when the upload is aborted.
                    awaitQuietly(upload, e);
                    throw e;
                }
                parts.add(await(upload));
                byte[] sent = sending;
                sending = reading;
                reading = sent;
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
            return new StoredObject(key, hashing.count(), hashing.sha256());
        } catch (IOException | RuntimeException | Error e) {
            abort(bucket, key, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw writeFailure(key, sdk);
            }
            throw e;
        }
    }

    private FutureTask<CompletedPart> uploadPartAsync(StorageKey key, String uploadId, int number, byte[] buffer,
            int length) {
        var upload = new FutureTask<>(() -> uploadPart(key, uploadId, number, buffer, length));
        Thread.ofVirtual().name("s3-part-upload").start(upload);
        return upload;
    }

    private static CompletedPart await(FutureTask<CompletedPart> upload) throws IOException {
        try {
            return upload.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upload.cancel(true);
            throw new InterruptedIOException("interrupted while a part was uploading");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException("a part upload failed", e.getCause());
            }
        }
    }

    private static void awaitQuietly(FutureTask<CompletedPart> upload, Throwable cause) {
        try {
            await(upload);
        } catch (IOException | RuntimeException | Error e) {
            cause.addSuppressed(e);
        }
    }

    private CompletedPart uploadPart(StorageKey key, String uploadId, int number, byte[] buffer, int length) {
        String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length),
                RequestBody.fromContentProvider(replayable(buffer, length), length, OCTETS)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    private void abort(String in, StorageKey key, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(in).key(key.value()).uploadId(uploadId));
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
    private byte[] readFirstPart(InputStream body, DeclaredLength length) throws IOException {
        if (length.atMost(partSize)) {
            byte[] exact = new byte[Math.toIntExact(length.bytes().getAsLong())];
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

    private boolean exists(String in, StorageKey key) {
        try {
            s3.headObject(b -> b.bucket(in).key(key.value()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw failure("could not look up " + key, e);
        }
    }

    private Optional<StoredObject> hashStored(String in, StorageKey key, String eTag) {
        // If-Match: the size and hash must describe one and the same version of the object.
        try (InputStream stored = s3.getObject(b -> b.bucket(in).key(key.value()).ifMatch(eTag));
                HashingInputStream hashing = new HashingInputStream(stored, DeclaredLength.unknown())) {
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

    /** The headers a presigned URL may require of its client: the create-only condition, the metadata, a checksum. */
    private static final Set<String> SIGNED_FOR_CLIENTS = Set.of("If-None-Match", "x-amz-meta-" + SHA256_METADATA,
            "x-amz-checksum-sha256");

    private static PresignedUrl presigned(PresignedRequest request) {
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

    private RuntimeException writeFailure(StorageKey key, SdkException e) {
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
    private RuntimeException failure(String message, SdkException e) {
        if (isOutage(e)) {
            String cause = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("object store unavailable: {}: {}", message, cause);
            markDown(cause);
            return new StorageUnavailable(message + ": the object store is unavailable (" + cause + ")");
        }
        return new UncheckedIOException(message + ": " + e.getMessage(), new IOException(e.getMessage(), e));
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
    private void requireReachable(String leftBehind) {
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
