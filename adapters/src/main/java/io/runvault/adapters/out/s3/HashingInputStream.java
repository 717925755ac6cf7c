package io.runvault.adapters.out.s3;

import io.runvault.domain.Checksum;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Adapter helper: the caller's body, hashed and counted as the upload reads it. With a declared length it ends exactly
 * there and fails on a shorter stream, so a truncated body fails the request instead of being stored. It neither
 * resets (the digest could not follow) nor closes the caller's stream (the caller owns it).
 */
final class HashingInputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private final long declaredLength;
    private long count;
    private IOException failure;

    HashingInputStream(InputStream in, long declaredLength) {
        super(in);
        this.declaredLength = declaredLength;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        if (remaining() == 0) {
            return -1;
        }
        int b = guarded(in::read);
        if (b < 0) {
            return endOfStream();
        }
        sha256.update((byte) b);
        count++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long remaining = remaining();
        if (remaining == 0) {
            return -1;
        }
        int n = guarded(() -> in.read(b, off, (int) Math.min(len, remaining)));
        if (n < 0) {
            return endOfStream();
        }
        sha256.update(b, off, n);
        count += n;
        return n;
    }

    /** Skipped bytes would be missing from the digest, so they are read. */
    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining());
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // Not supported: see markSupported().
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("an upload body is read once; it cannot be reset");
    }

    @Override
    public void close() {
        // The caller opened the stream and closes it; the SDK closing its request body must not.
    }

    /** What went wrong reading the caller's stream, if anything: the SDK may report it as something else. */
    IOException failure() {
        return failure;
    }

    long count() {
        return count;
    }

    /** Only meaningful once the body has been read to its end. */
    Checksum sha256() {
        return Checksum.sha256(sha256.digest());
    }

    private long remaining() {
        return declaredLength < 0 ? Long.MAX_VALUE : declaredLength - count;
    }

    private int endOfStream() throws EOFException {
        if (declaredLength >= 0 && count < declaredLength) {
            EOFException early = new EOFException(
                    "the body ended after " + count + " of the " + declaredLength + " bytes declared");
            failure = early;
            throw early;
        }
        return -1;
    }

    private int guarded(Read read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private interface Read {
        int read() throws IOException;
    }
}
