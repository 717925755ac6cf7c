package io.runvault.application.zip;

/**
 * A zip's central directory as found once: where it is in the zip and, when short enough, its bytes. What a cache of
 * directories keeps, so that later reads of the same zip neither locate nor fetch the directory again. Only
 * {@link ZipDirectory} makes one, after checking every bound it declares.
 */
public final class KnownDirectory {
    /** Roughly what a kept directory costs beyond its bytes: this object, its array header and its cache entry. */
    private static final long OVERHEAD = 160;
    private final long offset;
    private final long size;
    private final long entries;
    private final byte[] bytes;

    KnownDirectory(long offset, long size, long entries, byte[] bytes) {
        this.offset = offset;
        this.size = size;
        this.entries = entries;
        this.bytes = bytes;
    }

    /** The directory, reading through {@code ranges} only what it does not hold: entries' local headers and data. */
    public ZipDirectory over(ZipDirectory.Ranges ranges) {
        return ZipDirectory.of(this, ranges);
    }

    /** The heap this takes, in bytes, as a cache bounded by memory counts it. */
    public long weight() {
        return OVERHEAD + (bytes == null ? 0 : bytes.length);
    }

    /** Whether the directory's bytes are held, so that scanning it fetches nothing. */
    public boolean holdsRecords() {
        return bytes != null;
    }

    long offset() {
        return offset;
    }

    long size() {
        return size;
    }

    long entryCount() {
        return entries;
    }

    byte[] bytes() {
        return bytes;
    }
}
