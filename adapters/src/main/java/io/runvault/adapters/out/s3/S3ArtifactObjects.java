package io.runvault.adapters.out.s3;

import static io.runvault.adapters.out.s3.S3Store.MAX_PARTS;
import static io.runvault.adapters.out.s3.S3Store.NO_RETRY;
import static io.runvault.adapters.out.s3.S3Store.OCTETS;
import static io.runvault.adapters.out.s3.S3Store.SHA256_METADATA;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoredObject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Adapter: {@link ArtifactObjects} on S3 or an S3-compatible store. Writes carry {@code If-None-Match: *}, so the
 * store itself refuses to replace an object; memory per upload is bounded by two part buffers (one sent while the
 * other fills).
 *
 * <p>How a body is sent follows from its declared length: up to one part, buffered and sent whole (retryable); up to
 * the multipart threshold (by default S3's 5 GiB limit for one PutObject), streamed as one PutObject; undeclared or
 * larger, in multipart parts of the configured size, the upload completed with {@code If-None-Match: *} as well.
 *
 * <p>The SHA-256 is known only once the body has been read, but S3 takes metadata before the body. So it is recorded
 * only for bodies that fit one part buffer (hashed before sending); {@link #head} hashes the other objects by reading
 * them.
 */
@Singleton
public final class S3ArtifactObjects implements ArtifactObjects {
    private static final int FIRST_BUFFER = 64 * 1024;

    private final S3Store store;
    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private final long multipartThreshold;

    public S3ArtifactObjects(S3Store store, S3Settings settings) {
        this.store = store;
        this.s3 = store.client();
        this.bucket = store.bucket();
        this.partSize = Math.toIntExact(settings.partSize());
        this.multipartThreshold = settings.multipartThreshold();
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
        return store.head(StorageLocation.primary(key));
    }

    @Override
    public InputStream open(StorageKey key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key.value()));
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFound(key);
        } catch (SdkException e) {
            throw store.failure("could not open " + key, e);
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
            throw store.failure("could not read the start of " + key, e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the start of " + key, e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        store.delete(StorageLocation.primary(key));
    }

    private StoredObject putStreamed(StorageKey key, HashingInputStream body, long length) {
        String tag;
        try {
            // No retry: the body is the caller's stream, read as it is sent, and cannot be sent again. The attempt's
            // own failure is then what the caller hears of, and repeating the whole upload is theirs to do.
            tag = s3.putObject(b -> b.bucket(bucket).key(key.value()).ifNoneMatch("*").contentLength(length)
                    .contentType(OCTETS).overrideConfiguration(o -> o.addPlugin(NO_RETRY)),
                    RequestBody.fromContentProvider(readOnce(body), length, OCTETS)).eTag();
        } catch (SdkException | IllegalStateException e) {
            // The caller's stream failing is the news, not whatever the SDK made of it (or of a retry).
            if (body.failure() != null) {
                throw new UncheckedIOException("could not read the body for " + key, body.failure());
            }
            if (e instanceof SdkException sdk) {
                throw store.writeFailure(key, sdk);
            }
            throw e;
        }
        return new StoredObject(key, body.count(), body.sha256(), tag);
    }

    private StoredObject putBuffered(StorageKey key, byte[] body, HashingInputStream hashing) {
        int length = Math.toIntExact(hashing.count());
        Checksum sha256 = hashing.sha256();
        SmallPuts.Outcome outcome;
        try {
            outcome = store.smallPuts().putIfAbsent(key, body, length, sha256,
                    Map.of(SHA256_METADATA, sha256.value()));
        } catch (IOException e) {
            throw store.writeUnreachable(key, e);
        }
        if (outcome.refusal() != null) {
            throw store.writeRefused(key, outcome.refusal());
        }
        return new StoredObject(key, length, sha256, outcome.eTag());
    }

    // Parts by hand: the SDK's own multipart upload comes only with its async client, which needs an async HTTP
    // client (Netty or the native CRT) beside the Apache one this adapter ships.
    private StoredObject putMultipart(StorageKey key, InputStream body, byte[] first, HashingInputStream hashing)
            throws IOException {
        // Only a hint that saves uploading a large body for nothing; the conditional complete is what decides.
        if (store.exists(bucket, key)) {
            throw new ArtifactAlreadyExists(key);
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key.value()).contentType(OCTETS))
                    .uploadId();
        } catch (SdkException e) {
            throw store.writeFailure(key, e);
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
            String tag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId)
                    .ifNoneMatch("*").multipartUpload(m -> m.parts(parts))).eTag();
            return new StoredObject(key, hashing.count(), hashing.sha256(), tag);
        } catch (IOException | RuntimeException | Error e) {
            store.abort(bucket, key, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw store.writeFailure(key, sdk);
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

    /**
     * The first part, whole: the body when it is declared no longer than a part, else up to a part. The buffer starts
     * small and grows with what arrives, so neither a small body of unknown length nor a declared length that the
     * client never sends costs a part-sized array.
     */
    private byte[] readFirstPart(InputStream body, DeclaredLength length) throws IOException {
        int limit = length.atMost(partSize) ? Math.toIntExact(length.bytes().getAsLong()) : partSize;
        byte[] buffer = new byte[Math.min(FIRST_BUFFER, limit)];
        int filled = fill(body, buffer, 0, buffer.length);
        while (filled == buffer.length && buffer.length < limit) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, limit));
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
}
