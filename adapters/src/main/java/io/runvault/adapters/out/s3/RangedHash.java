package io.runvault.adapters.out.s3;

import io.runvault.domain.Checksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adapter helper: the SHA-256 of one version of a stored object (its ETag), read as ranged GETs of one chunk each,
 * several in flight, hashed strictly in order as each arrives. One GET at a time leaves the store idle while the
 * hash runs and the hash idle while bytes are on the way; several keep both busy. Memory is bounded by the chunks in
 * flight, reused from one range to the next.
 */
final class RangedHash {
    /** Ranges fetched at once, counting the one being hashed: each holds one chunk buffer. */
    static final int IN_FLIGHT = 4;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String eTag;
    private final long size;
    private final int chunk;

    RangedHash(S3Client s3, String bucket, String key, String eTag, long size, int chunk) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.eTag = eTag;
        this.size = size;
        this.chunk = chunk;
    }

    /**
     * The hash of exactly {@code size} bytes; a range answered shorter or longer than asked fails, as does one of
     * another version ({@code If-Match}), so the hash never mixes versions nor misses bytes.
     *
     * @throws ExecutionException with the store's failure as its cause
     */
    Checksum sha256() throws IOException, ExecutionException {
        MessageDigest digest = newDigest();
        long chunks = (size + chunk - 1) / chunk;
        ArrayDeque<FutureTask<byte[]>> inFlight = new ArrayDeque<>();
        ArrayDeque<byte[]> spare = new ArrayDeque<>();
        long next = 0;
        try {
            for (long hashed = 0; hashed < chunks; hashed++) {
                while (next < chunks && inFlight.size() < IN_FLIGHT) {
                    byte[] buffer = spare.isEmpty() ? new byte[chunk] : spare.pop();
                    inFlight.add(fetch(next++, buffer));
                }
                byte[] bytes = await(inFlight.poll());
                digest.update(bytes, 0, lengthOf(hashed));
                spare.push(bytes);
            }
            return Checksum.sha256(digest.digest());
        } finally {
            // On failure, the ranges still on their way are of no use: their connections are dropped, not drained.
            inFlight.forEach(fetch -> fetch.cancel(true));
        }
    }

    private FutureTask<byte[]> fetch(long index, byte[] buffer) {
        long from = index * chunk;
        int length = lengthOf(index);
        var fetch = new FutureTask<>(() -> read(from, length, buffer));
        Thread.ofVirtual().name("s3-read-back").start(fetch);
        return fetch;
    }

    private byte[] read(long from, int length, byte[] buffer) throws IOException {
        String range = "bytes=" + from + "-" + (from + length - 1);
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key).ifMatch(eTag).range(range))) {
            int read = in.readNBytes(buffer, 0, length);
            if (read < length) {
                throw new IOException("the store answered " + read + " bytes for " + range + " of " + key);
            }
            if (in.read() >= 0) {
                throw new IOException("the store answered more than " + range + " of " + key);
            }
            return buffer;
        }
    }

    private int lengthOf(long index) {
        return (int) Math.min(chunk, size - index * chunk);
    }

    private static byte[] await(FutureTask<byte[]> fetch) throws IOException, ExecutionException {
        try {
            return fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading back an object to hash it");
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
