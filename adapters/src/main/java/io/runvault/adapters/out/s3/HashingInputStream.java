package io.runvault.adapters.out.s3;

import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Adapter helper: the caller's body, hashed and counted as the upload reads it. With a declared length it ends exactly
 * there, and fails on a stream that ends sooner or goes on longer before handing out the last declared bytes: the
 * request then fails instead of storing a body other than the one declared. It neither resets (the digest could not
 * follow) nor closes the caller's stream (the caller owns it).
 */
final class HashingInputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private final long declaredLength;
    private long count;
    private boolean endChecked;
    private IOException failure;

    HashingInputStream(InputStream in, DeclaredLength declared) {
        super(in);
        this.declaredLength = declared.isKnown() ? declared.bytes().getAsLong() : -1;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        if (remaining() == 0) {
            noMoreThanDeclared();
            return -1;
        }
        int b = guarded(in::read);
        if (b < 0) {
            return endOfStream();
        }
        if (remaining() == 1) {
            noMoreThanDeclared();
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
            noMoreThanDeclared();
            return -1;
        }
        int n = guarded(() -> in.read(b, off, (int) Math.min(len, remaining)));
        if (n < 0) {
            return endOfStream();
        }
        if (n == remaining) {
            noMoreThanDeclared();
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

    /** Called before the last declared bytes are handed out, so a longer body never reaches the store whole. */
    private void noMoreThanDeclared() throws IOException {
        if (endChecked) {
            if (failure != null) {
                throw failure;
            }
            return;
        }
        endChecked = true;
        if (guarded(in::read) >= 0) {
            IOException longer = new IOException("the body goes on past the " + declaredLength + " bytes declared");
            failure = longer;
            throw longer;
        }
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
