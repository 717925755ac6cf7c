package io.runvault.application.zip;

import io.runvault.domain.ArchiveEntry;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A zip's central directory, located from its end records and read by ranges: the entries' data is never fetched to
 * list them. Every size and offset the zip declares is checked against the object before it is used, so a hostile zip
 * is refused ({@link MalformedZip}) instead of sending the reader outside the object or into a huge read.
 */
public final class ZipDirectory {
    /** Reads {@code length} bytes of the zip at {@code offset}; fewer only when the object ends first. */
    @FunctionalInterface
    public interface Ranges {
        byte[] read(long offset, int length);
    }

    private static final int EOCD = 0x0605_4b50;
    private static final int ZIP64_LOCATOR = 0x0706_4b50;
    private static final int ZIP64_EOCD = 0x0606_4b50;
    private static final int CENTRAL_HEADER = 0x0201_4b50;
    private static final int LOCAL_HEADER = 0x0403_4b50;
    private static final int EOCD_SIZE = 22;
    private static final int LOCATOR_SIZE = 20;
    private static final int ZIP64_EOCD_SIZE = 56;
    private static final int CENTRAL_SIZE = 46;
    private static final int LOCAL_SIZE = 30;
    private static final int MAX_COMMENT = 0xFFFF;
    /** Room for the end record, a zip64 locator and record before it, and a short comment. */
    private static final int SHORT_TAIL = 1024;
    private static final long SATURATED_32 = 0xFFFF_FFFFL;
    private static final int SATURATED_16 = 0xFFFF;
    private static final int ZIP64_EXTRA = 0x0001;
    /** Directory records are fetched in windows of this many bytes, not one request per record. */
    private static final int WINDOW = 64 * 1024;
    private static final Charset LEGACY_NAMES = legacyNames();

    private final Ranges ranges;
    private final long offset;
    private final long size;
    private final long entries;
    /** The whole directory when it was read at once, or null: then records are fetched as they are scanned. */
    private final byte[] held;

    private ZipDirectory(Ranges ranges, long offset, long size, long entries, byte[] held) {
        this.ranges = ranges;
        this.offset = offset;
        this.size = size;
        this.entries = entries;
        this.held = held;
    }

    /** Locates the directory of a zip of {@code objectSize} bytes from its last bytes (at most 64 KiB + 22 of them). */
    public static ZipDirectory locate(long objectSize, Ranges ranges) {
        if (objectSize < EOCD_SIZE) {
            throw new MalformedZip("shorter than a zip's end record");
        }
        // Most zips end with a short comment or none: a small tail first, the largest one only when that misses.
        int tailLength = (int) Math.min(objectSize, SHORT_TAIL);
        long tailStart = objectSize - tailLength;
        byte[] tail = exactly(ranges, tailStart, tailLength);
        int at = findEndRecord(tail);
        if (at < 0 && tailLength < Math.min(objectSize, EOCD_SIZE + MAX_COMMENT)) {
            tailLength = (int) Math.min(objectSize, EOCD_SIZE + MAX_COMMENT);
            tailStart = objectSize - tailLength;
            tail = exactly(ranges, tailStart, tailLength);
            at = findEndRecord(tail);
        }
        if (at < 0) {
            throw new MalformedZip("no end of central directory record");
        }
        long endRecord = tailStart + at;
        if (u16(tail, at + 4) != 0 || u16(tail, at + 6) != 0) {
            throw new MalformedZip("zips spanning several disks are not read");
        }
        long entries = u16(tail, at + 10);
        long size = u32(tail, at + 12);
        long offset = u32(tail, at + 16);
        long directoryEnd = endRecord;
        byte[] locator = endRecord >= LOCATOR_SIZE
                ? at >= LOCATOR_SIZE ? slice(tail, at - LOCATOR_SIZE, LOCATOR_SIZE)
                        : exactly(ranges, endRecord - LOCATOR_SIZE, LOCATOR_SIZE)
                : null;
        if (locator != null && i32(locator, 0) == ZIP64_LOCATOR) {
            long record = u64(locator, 8);
            if (record < 0 || record > endRecord - LOCATOR_SIZE - ZIP64_EOCD_SIZE) {
                throw new MalformedZip("zip64 end record outside the zip");
            }
            byte[] zip64 = exactly(ranges, record, ZIP64_EOCD_SIZE);
            if (i32(zip64, 0) != ZIP64_EOCD) {
                throw new MalformedZip("no zip64 end record where its locator points");
            }
            entries = u64(zip64, 32);
            size = u64(zip64, 40);
            offset = u64(zip64, 48);
            directoryEnd = record;
        } else if (entries == SATURATED_16 || size == SATURATED_32 || offset == SATURATED_32) {
            throw new MalformedZip("zip64 values without a zip64 end record");
        }
        if (entries < 0 || size < 0 || offset < 0 || offset > directoryEnd || size > directoryEnd - offset) {
            throw new MalformedZip("central directory outside the zip");
        }
        if (entries > size / CENTRAL_SIZE) {
            throw new MalformedZip("more entries declared than the central directory holds");
        }
        return new ZipDirectory(ranges, offset, size, entries, null);
    }

    /**
     * What was found of this directory, to be kept: where it is and, when it is at most {@code maxHeld} bytes long,
     * the directory itself, read with one ranged read.
     */
    public KnownDirectory keep(long maxHeld) {
        byte[] bytes = held != null ? held : size <= maxHeld ? exactly(ranges, offset, Math.toIntExact(size)) : null;
        return new KnownDirectory(offset, size, entries, bytes);
    }

    /** A directory found earlier, read through {@code ranges} for whatever it does not hold. */
    static ZipDirectory of(KnownDirectory known, Ranges ranges) {
        return new ZipDirectory(ranges, known.offset(), known.size(), known.entryCount(), known.bytes());
    }

    /** How many entries the zip declares. */
    public long entryCount() {
        return entries;
    }

    /** The directory's length in bytes. */
    public long size() {
        return size;
    }

    /**
     * A page of entries in directory order. Positions are byte offsets into the directory, so a page starts with one
     * ranged read, wherever it is.
     */
    public Page<ArchiveEntry> list(PageRequest page) {
        long start = page.after() == null ? 0 : page.after();
        if (start > size) {
            throw new InvalidValue("cursor", "is not a position in this list");
        }
        Scan scan = new Scan(start);
        List<ArchiveEntry> fetched = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        while (fetched.size() <= page.limit()) {
            ArchiveEntry entry;
            try {
                entry = scan.next();
            } catch (MalformedZip e) {
                if (page.after() != null && fetched.isEmpty()) {
                    throw new InvalidValue("cursor", "is not a position in this list");
                }
                throw e;
            }
            if (entry == null) {
                break;
            }
            fetched.add(entry);
            ends.add(scan.position);
        }
        if (fetched.size() <= page.limit()) {
            return new Page<>(fetched, null);
        }
        return new Page<>(fetched.subList(0, page.limit()), ends.get(page.limit() - 1));
    }

    /** The first entry named {@code name}, reading the directory until it turns up. */
    public Optional<ArchiveEntry> find(String name) {
        Scan scan = new Scan(0);
        for (ArchiveEntry entry = scan.next(); entry != null; entry = scan.next()) {
            if (entry.name().equals(name)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Where the entry's compressed bytes start, from its local header (whose name and extra lengths may differ). */
    public long dataOffset(ArchiveEntry entry) {
        byte[] header = exactly(ranges, entry.headerOffset(), LOCAL_SIZE);
        if (i32(header, 0) != LOCAL_HEADER) {
            throw new MalformedZip("no local header for " + entry.name());
        }
        long data = entry.headerOffset() + LOCAL_SIZE + u16(header, 26) + u16(header, 28);
        if (entry.compressedSize() > offset - data) {
            throw new MalformedZip("the data of " + entry.name() + " runs into the central directory");
        }
        return data;
    }

    /** Reads directory records in order from a position, a window at a time. */
    private final class Scan {
        private long position;
        private byte[] window = held != null ? held : new byte[0];
        private long windowStart;

        Scan(long position) {
            this.position = position;
        }

        ArchiveEntry next() {
            if (position >= size) {
                return null;
            }
            int at = ensure(CENTRAL_SIZE);
            if (i32(window, at) != CENTRAL_HEADER) {
                throw new MalformedZip("no central directory record at directory offset " + position);
            }
            int nameLength = u16(window, at + 28);
            int extraLength = u16(window, at + 30);
            int commentLength = u16(window, at + 32);
            int recordLength = CENTRAL_SIZE + nameLength + extraLength + commentLength;
            at = ensure(recordLength);
            int flags = u16(window, at + 8);
            int method = u16(window, at + 10);
            long crc = u32(window, at + 16);
            long compressed = u32(window, at + 20);
            long uncompressed = u32(window, at + 24);
            long header = u32(window, at + 42);
            int nameAt = at + CENTRAL_SIZE;
            String name = new String(window, nameAt, nameLength,
                    (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : LEGACY_NAMES);
            // The zip64 extra field holds, in this order, only the values saturated in the record.
            int extra = nameAt + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = u16(window, extra);
                int length = u16(window, extra + 2);
                int field = extra + 4;
                if (field + length > extraEnd) {
                    throw new MalformedZip("extra field runs past its record in " + name);
                }
                if (id == ZIP64_EXTRA) {
                    int fieldEnd = field + length;
                    if (uncompressed == SATURATED_32) {
                        uncompressed = zip64Value(field, fieldEnd, name);
                        field += 8;
                    }
                    if (compressed == SATURATED_32) {
                        compressed = zip64Value(field, fieldEnd, name);
                        field += 8;
                    }
                    if (header == SATURATED_32) {
                        header = zip64Value(field, fieldEnd, name);
                    }
                }
                extra += 4 + length;
            }
            if (compressed < 0 || uncompressed < 0 || header < 0 || header > offset - LOCAL_SIZE
                    || compressed > offset - header - LOCAL_SIZE) {
                throw new MalformedZip("entry " + name + " declares data outside the zip");
            }
            position += recordLength;
            return new ArchiveEntry(name, compressed, uncompressed, crc, method, (flags & 1) != 0, header);
        }

        private long zip64Value(int field, int fieldEnd, String name) {
            if (field + 8 > fieldEnd) {
                throw new MalformedZip("zip64 extra field of " + name + " is too short");
            }
            return u64(window, field);
        }

        /** Makes the window hold {@code length} bytes from the position; returns where they start in it. */
        private int ensure(int length) {
            if (position >= windowStart && position + length <= windowStart + window.length) {
                return (int) (position - windowStart);
            }
            if (length > size - position) {
                throw new MalformedZip("a record runs past the end of the central directory");
            }
            int fetch = (int) Math.min(Math.max(length, WINDOW), size - position);
            window = exactly(ranges, offset + position, fetch);
            windowStart = position;
            return 0;
        }
    }

    private static int findEndRecord(byte[] tail) {
        for (int at = tail.length - EOCD_SIZE; at >= 0; at--) {
            if (i32(tail, at) == EOCD && at + EOCD_SIZE + u16(tail, at + 20) == tail.length) {
                return at;
            }
        }
        return -1;
    }

    private static byte[] exactly(Ranges ranges, long offset, int length) {
        byte[] bytes = ranges.read(offset, length);
        if (bytes.length != length) {
            throw new MalformedZip("truncated: the zip ends inside a record");
        }
        return bytes;
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] slice = new byte[length];
        System.arraycopy(bytes, from, slice, 0, length);
        return slice;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int i32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }

    private static long u32(byte[] b, int at) {
        return i32(b, at) & 0xFFFF_FFFFL;
    }

    /** Values above {@link Long#MAX_VALUE} come out negative, and every caller refuses negatives. */
    private static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    private static Charset legacyNames() {
        try {
            return Charset.forName("IBM437");
        } catch (IllegalArgumentException missing) {
            return StandardCharsets.ISO_8859_1;
        }
    }
}
