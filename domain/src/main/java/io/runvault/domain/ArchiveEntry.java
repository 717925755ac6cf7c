package io.runvault.domain;

import java.util.Objects;

/**
 * Value object: one entry of a zip's central directory, as the directory declares it (declared sizes are claims, which
 * whoever inflates the entry checks). {@code headerOffset} is where its local header starts in the zip.
 */
public record ArchiveEntry(String name, long compressedSize, long size, long crc32, int method, boolean encrypted,
        long headerOffset) {
    public static final int STORED = 0;
    public static final int DEFLATED = 8;

    public ArchiveEntry {
        Objects.requireNonNull(name, "name");
        if (compressedSize < 0 || size < 0 || headerOffset < 0) {
            throw new InvalidValue("zip entry", "sizes and offsets are not negative");
        }
        if (crc32 < 0 || crc32 > 0xFFFF_FFFFL) {
            throw new InvalidValue("zip entry", "a CRC-32 has 32 bits");
        }
    }

    public boolean isDirectory() {
        return name.endsWith("/");
    }

    /** The method's name on the wire: {@code stored}, {@code deflate}, or its number. */
    public String methodName() {
        return switch (method) {
            case STORED -> "stored";
            case DEFLATED -> "deflate";
            default -> "method-" + method;
        };
    }
}
