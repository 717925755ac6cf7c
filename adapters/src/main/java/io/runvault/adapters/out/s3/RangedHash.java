package io.runvault.adapters.out.s3;

import io.runvault.domain.Checksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adapter helper: the SHA-256 of one version of a stored object (its ETag), read as ranged GETs of one chunk each,
 * several in flight, hashed strictly in order. The first range is hashed as its bytes arrive, a step at a time, not
 * once the whole chunk is in: the hash never waits for more than a step, so a few large ranges keep it as busy as
 * many small ones would, with fewer requests for the store to answer. Memory is bounded by the chunks in flight,
 * reused from one range to the next.
 */
final class RangedHash {
    /** How much of a range arrives before the hash is told of it. */
    static final int STEP = 1 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String eTag;
    private final long size;
    private final int chunk;
    /** Ranges fetched at once, counting the one being hashed: each holds one chunk buffer. */
    private final int inFlight;

    RangedHash(S3Client s3, String bucket, String key, String eTag, long size, int chunk, int inFlight) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.eTag = eTag;
        this.size = size;
        this.chunk = chunk;
        this.inFlight = inFlight;
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
        ArrayDeque<Range> started = new ArrayDeque<>();
        ArrayDeque<byte[]> spare = new ArrayDeque<>();
        long next = 0;
        try {
            for (long hashed = 0; hashed < chunks; hashed++) {
                while (next < chunks && started.size() < inFlight) {
                    byte[] buffer = spare.isEmpty() ? new byte[chunk] : spare.pop();
                    started.add(new Range(next * chunk, lengthOf(next), buffer).start());
                    next++;
                }
                Range range = started.peek();
                range.hashInto(digest);
                started.poll();
                spare.push(range.buffer);
            }
            return Checksum.sha256(digest.digest());
        } finally {
            // On failure, the ranges still on their way are of no use: their connections are dropped, not drained.
            started.forEach(Range::cancel);
        }
    }

    private int lengthOf(long index) {
        return (int) Math.min(chunk, size - index * chunk);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One ranged GET into its buffer, telling the hash how far the buffer is filled. */
    private final class Range implements Runnable {
        private final long from;
        private final int length;
        private final byte[] buffer;
        private Thread fetcher;
        /** Guarded by this: bytes in the buffer so far; whether the answer ended as it should; why it failed. */
        private int filled;
        private boolean complete;
        private Throwable failure;

        Range(long from, int length, byte[] buffer) {
            this.from = from;
            this.length = length;
            this.buffer = buffer;
        }

        Range start() {
            fetcher = Thread.ofVirtual().name("s3-read-back").start(this);
            return this;
        }

        @Override
        public void run() {
            String range = "bytes=" + from + "-" + (from + length - 1);
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key).ifMatch(eTag).range(range))) {
                int at = 0;
                while (at < length) {
                    int wanted = Math.min(STEP, length - at);
                    int read = in.readNBytes(buffer, at, wanted);
                    if (read < wanted) {
                        throw new IOException("the store answered " + (at + read) + " bytes for " + range + " of "
                                + key);
                    }
                    at += read;
                    arrived(at);
                }
                if (in.read() >= 0) {
                    throw new IOException("the store answered more than " + range + " of " + key);
                }
                ended(null);
            } catch (Throwable e) {
                ended(e);
            }
        }

        private synchronized void arrived(int at) {
            filled = at;
            notifyAll();
        }

        private synchronized void ended(Throwable cause) {
            failure = cause;
            complete = cause == null;
            notifyAll();
        }

        /** Hashes the range's bytes as they arrive; returns once all of them are hashed and the answer ended. */
        void hashInto(MessageDigest digest) throws IOException, ExecutionException {
            int hashed = 0;
            while (true) {
                int upTo;
                synchronized (this) {
                    while (failure == null && !complete && filled == hashed) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while reading back an object to hash it");
                        }
                    }
                    if (failure != null) {
                        throw new ExecutionException(failure);
                    }
                    upTo = filled;
                    if (upTo == hashed) {
                        return;
                    }
                }
                digest.update(buffer, hashed, upTo - hashed);
                hashed = upTo;
            }
        }

        void cancel() {
            fetcher.interrupt();
        }
    }
}
