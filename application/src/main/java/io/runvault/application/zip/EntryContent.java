package io.runvault.application.zip;

import io.runvault.domain.ArchiveEntry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * One entry's content, inflated from its compressed bytes and held to what the directory declared: it fails (an
 * {@link IOException} mid-stream) as soon as it would go past the declared size, and its last bytes are handed out
 * only once the whole entry has been checked against the declared size and CRC-32. A reader that got every declared
 * byte therefore got the right ones; any mismatch leaves it short.
 */
public final class EntryContent extends FilterInputStream {
    private static final int BUFFER = 64 * 1024;
    private final ArchiveEntry entry;
    private final CRC32 crc = new CRC32();
    private long count;
    private boolean verified;

    private EntryContent(ArchiveEntry entry, InputStream inflated) {
        super(inflated);
        this.entry = entry;
    }

    /** The entry's content from its compressed bytes, which {@code compressed} streams and this stream closes. */
    public static EntryContent of(ArchiveEntry entry, InputStream compressed) {
        InputStream inflated = switch (entry.method()) {
            case ArchiveEntry.STORED -> compressed;
            case ArchiveEntry.DEFLATED -> new RawInflaterStream(compressed);
            default -> throw new IllegalArgumentException("method " + entry.method() + " is not inflated here");
        };
        return new EntryContent(entry, inflated);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (verified) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, Math.max(entry.size() - count, 1)));
        if (n < 0) {
            if (count != entry.size()) {
                throw new IOException(entry.name() + " ends after " + count + " of its declared " + entry.size()
                        + " bytes");
            }
            verify();
            return -1;
        }
        count += n;
        crc.update(buffer, offset, n);
        if (count > entry.size()) {
            throw new IOException(entry.name() + " inflates past its declared " + entry.size() + " bytes");
        }
        if (count == entry.size()) {
            // Checked before the last bytes leave, so a mismatch means the reader never gets the whole entry.
            if (in.read() >= 0) {
                throw new IOException(entry.name() + " inflates past its declared " + entry.size() + " bytes");
            }
            verify();
        }
        return n;
    }

    private void verify() throws IOException {
        if (crc.getValue() != entry.crc32()) {
            throw new IOException(entry.name() + " does not match its CRC-32");
        }
        verified = true;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[(int) Math.min(n, BUFFER)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Raw deflate ends with one dummy byte fed to the inflater, as the JDK's own zip reader does. */
    private static final class RawInflaterStream extends InflaterInputStream {
        private boolean dummyGiven;

        RawInflaterStream(InputStream compressed) {
            super(compressed, new Inflater(true), BUFFER);
        }

        @Override
        protected void fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                if (dummyGiven) {
                    throw new IOException("the compressed data ends early");
                }
                dummyGiven = true;
                buf[0] = 0;
                n = 1;
            }
            len = n;
            inf.setInput(buf, 0, n);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                inf.end();
            }
        }
    }
}
