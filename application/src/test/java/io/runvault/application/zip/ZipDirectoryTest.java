package io.runvault.application.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.domain.ArchiveEntry;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ZipDirectoryTest {

    @Test
    void listsEveryEntryWithItsSizesCrcAndMethodAcrossPages() {
        byte[] data = "hello, zip".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] zip = zip(out -> {
            put(out, "a.txt", data, ZipEntry.DEFLATED);
            put(out, "dir/", new byte[0], ZipEntry.DEFLATED);
            put(out, "dir/b.bin", data, ZipEntry.STORED);
        }, null);
        ZipDirectory directory = ZipDirectory.locate(zip.length, over(zip, new AtomicLong()));

        Page<ArchiveEntry> first = directory.list(PageRequest.first(2));
        Page<ArchiveEntry> second = directory.list(new PageRequest(first.next(), 2));

        assertEquals(List.of("a.txt", "dir/"), first.items().stream().map(ArchiveEntry::name).toList());
        assertEquals(List.of("dir/b.bin"), second.items().stream().map(ArchiveEntry::name).toList());
        assertNull(second.next());
        ArchiveEntry deflated = first.items().getFirst();
        assertEquals(data.length, deflated.size());
        assertTrue(deflated.compressedSize() < data.length);
        assertEquals(crc(data), deflated.crc32());
        assertEquals("deflate", deflated.methodName());
        ArchiveEntry stored = second.items().getFirst();
        assertEquals("stored", stored.methodName());
        assertEquals(data.length, stored.compressedSize());
    }

    @Test
    void findsTheEndRecordBehindAComment() {
        byte[] zip = zip(out -> put(out, "x", new byte[] {1, 2, 3}, ZipEntry.DEFLATED),
                "a comment that mentions PK\u0005\u0006 on purpose".repeat(100));

        ZipDirectory directory = ZipDirectory.locate(zip.length, over(zip, new AtomicLong()));

        assertEquals(1, directory.entryCount());
        assertEquals("x", directory.find("x").orElseThrow().name());
    }

    @Test
    void readsEntriesInflatedAndStoredThroughTheirLocalHeaders() throws IOException {
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        Arrays.fill(data, 0, 100_000, (byte) 'a');
        byte[] zip = zip(out -> {
            put(out, "deflated", data, ZipEntry.DEFLATED);
            put(out, "stored", data, ZipEntry.STORED);
        }, null);
        ZipDirectory directory = ZipDirectory.locate(zip.length, over(zip, new AtomicLong()));

        for (String name : List.of("deflated", "stored")) {
            ArchiveEntry entry = directory.find(name).orElseThrow();
            assertArrayEquals(data, EntryContent.of(entry, range(zip, directory.dataOffset(entry),
                    entry.compressedSize())).readAllBytes());
        }
    }

    @Test
    void listsAndReadsAZip64OfMoreThan65535EntriesFetchingLittleOfIt() throws IOException {
        byte[] big = new byte[1024 * 1024];
        new Random(2).nextBytes(big);
        int count = 70_000;
        byte[] zip = zip(out -> {
            for (int i = 0; i < count; i++) {
                put(out, "e" + i, new byte[] {(byte) i}, ZipEntry.STORED);
            }
            put(out, "big.bin", big, ZipEntry.DEFLATED);
        }, null);
        AtomicLong fetched = new AtomicLong();
        ZipDirectory directory = ZipDirectory.locate(zip.length, over(zip, fetched));

        assertEquals(count + 1, directory.entryCount());
        Page<ArchiveEntry> page = directory.list(PageRequest.first(500));
        assertEquals("e499", page.items().getLast().name());
        long listed = fetched.get();
        assertTrue(listed < zip.length / 20, listed + " bytes fetched to list a page of a " + zip.length
                + "-byte zip");
        ArchiveEntry entry = directory.find("big.bin").orElseThrow();
        fetched.set(0);
        byte[] read = EntryContent.of(entry, range(zip, directory.dataOffset(entry), entry.compressedSize()))
                .readAllBytes();
        assertArrayEquals(big, read);
    }

    @Test
    void readsZip64RecordsWrittenForOffsetsBeyondFourGibibytesInASparseZip() throws IOException {
        // One stored entry whose local header sits past 4 GiB: only the records exist, the gap is never read.
        byte[] content = "far away".getBytes(StandardCharsets.UTF_8);
        long header = 5L * 1024 * 1024 * 1024;
        byte[] name = "far.txt".getBytes(StandardCharsets.UTF_8);
        ByteBuffer local = le(30 + name.length + content.length);
        local.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) crc(content)).putInt(content.length).putInt(content.length)
                .putShort((short) name.length).putShort((short) 0).put(name).put(content);
        long directoryOffset = header + local.capacity();
        ByteBuffer central = le(46 + name.length + 12);
        central.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0)
                .putShort((short) 0).putInt(0).putInt((int) crc(content)).putInt(content.length)
                .putInt(content.length).putShort((short) name.length).putShort((short) 12).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0).putInt(0xFFFFFFFF).put(name)
                .putShort((short) 1).putShort((short) 8).putLong(header);
        long zip64Record = directoryOffset + central.capacity();
        ByteBuffer end = le(56 + 20 + 22);
        end.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(1).putLong(1).putLong(central.capacity()).putLong(directoryOffset)
                .putInt(0x07064b50).putInt(0).putLong(zip64Record).putInt(1)
                .putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 0xFFFF)
                .putShort((short) 0xFFFF).putInt(0xFFFFFFFF).putInt(0xFFFFFFFF).putShort((short) 0);
        Sparse sparse = new Sparse();
        sparse.put(header, local.array());
        sparse.put(directoryOffset, central.array());
        sparse.put(zip64Record, end.array());

        ZipDirectory directory = ZipDirectory.locate(sparse.size(), sparse::read);
        ArchiveEntry entry = directory.list(PageRequest.first(10)).items().getFirst();

        assertEquals(new ArchiveEntry("far.txt", content.length, content.length, crc(content), 0, false, header),
                entry);
        long data = directory.dataOffset(entry);
        assertArrayEquals(content, EntryContent.of(entry,
                new java.io.ByteArrayInputStream(sparse.read(data, content.length))).readAllBytes());
    }

    @Test
    void refusesWhatIsNotAZip() {
        byte[] text = "just some text, long enough to hold an end record".getBytes(StandardCharsets.UTF_8);
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(text.length, over(text, new AtomicLong())));
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(3, over(new byte[3], new AtomicLong())));
    }

    @Test
    void refusesATruncatedZip() {
        byte[] zip = zip(out -> put(out, "x", new byte[1000], ZipEntry.DEFLATED), null);
        byte[] cut = Arrays.copyOfRange(zip, 0, zip.length - 10);
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(cut.length, over(cut, new AtomicLong())));
        // The end record survives but the start of the zip (and its directory) does not.
        byte[] headless = Arrays.copyOfRange(zip, 40, zip.length);
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(headless.length,
                over(headless, new AtomicLong())).list(PageRequest.first(10)));
    }

    @Test
    void refusesHostileSizesAndOffsets() {
        byte[] zip = zip(out -> put(out, "x", new byte[1000], ZipEntry.DEFLATED), null);
        int end = zip.length - 22;
        int directory = (int) ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(end + 16);

        byte[] offsetPastEnd = zip.clone();
        ByteBuffer.wrap(offsetPastEnd).order(ByteOrder.LITTLE_ENDIAN).putInt(end + 16, zip.length + 100);
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(zip.length, over(offsetPastEnd,
                new AtomicLong())));

        byte[] manyEntries = zip.clone();
        ByteBuffer.wrap(manyEntries).order(ByteOrder.LITTLE_ENDIAN).putShort(end + 10, (short) 60_000);
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(zip.length, over(manyEntries,
                new AtomicLong())));

        byte[] hugeEntry = zip.clone();
        ByteBuffer.wrap(hugeEntry).order(ByteOrder.LITTLE_ENDIAN).putInt(directory + 20, 0x7FFF_FFFF);
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(zip.length, over(hugeEntry, new AtomicLong()))
                .list(PageRequest.first(10)));

        byte[] longName = zip.clone();
        ByteBuffer.wrap(longName).order(ByteOrder.LITTLE_ENDIAN).putShort(directory + 28, (short) 0xFFFF);
        assertThrows(MalformedZip.class, () -> ZipDirectory.locate(zip.length, over(longName, new AtomicLong()))
                .list(PageRequest.first(10)));
    }

    @Test
    void refusesACursorThatIsNotARecordBoundary() {
        byte[] zip = zip(out -> {
            put(out, "a", new byte[1], ZipEntry.STORED);
            put(out, "b", new byte[1], ZipEntry.STORED);
        }, null);
        ZipDirectory directory = ZipDirectory.locate(zip.length, over(zip, new AtomicLong()));
        assertThrows(InvalidValue.class, () -> directory.list(new PageRequest(3L, 10)));
        assertThrows(InvalidValue.class, () -> directory.list(new PageRequest(directory.size() + 1, 10)));
    }

    @Test
    void aKeptDirectoryListsAndFindsWithoutFetchingAndRefusesTheSameCursors() {
        byte[] zip = zip(out -> {
            for (int i = 0; i < 600; i++) {
                put(out, "e-" + i, new byte[] {(byte) i}, ZipEntry.STORED);
            }
        }, null);
        AtomicLong fetched = new AtomicLong();
        ZipDirectory located = ZipDirectory.locate(zip.length, over(zip, fetched));
        KnownDirectory known = located.keep(located.size());
        assertTrue(known.holdsRecords());
        assertTrue(known.weight() >= located.size());
        fetched.set(0);

        ZipDirectory directory = known.over(over(zip, fetched));
        List<String> names = new ArrayList<>();
        Page<ArchiveEntry> page = directory.list(PageRequest.first(7));
        names.addAll(page.items().stream().map(ArchiveEntry::name).toList());
        while (page.next() != null) {
            page = directory.list(new PageRequest(page.next(), 7));
            names.addAll(page.items().stream().map(ArchiveEntry::name).toList());
        }
        assertEquals(600, names.size());
        assertEquals("e-599", names.getLast());
        assertEquals("e-150", directory.find("e-150").orElseThrow().name());
        assertEquals(0, fetched.get());
        assertThrows(InvalidValue.class, () -> directory.list(new PageRequest(3L, 10)));
        // Only the entry's local header is fetched, to find where its data starts.
        assertEquals((byte) 150, zip[(int) directory.dataOffset(directory.find("e-150").orElseThrow())]);
        assertEquals(30, fetched.get());

        KnownDirectory tooLong = located.keep(located.size() - 1);
        assertTrue(!tooLong.holdsRecords());
        assertEquals(PageRequest.MAX_LIMIT, tooLong.over(over(zip, fetched)).list(PageRequest.first(PageRequest.MAX_LIMIT)).items().size());
    }

    @Test
    void contentThatDoesNotMatchItsCrcNeverReachesItsLastByte() throws IOException {
        byte[] data = "0123456789".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        var lying = new ArchiveEntry("x", data.length, data.length, (crc(data) + 1) & 0xFFFF_FFFFL, 0, false, 0);
        InputStream content = EntryContent.of(lying, new java.io.ByteArrayInputStream(data));
        byte[] buffer = new byte[8192];
        long received = 0;
        IOException failure = null;
        try {
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                received += n;
            }
        } catch (IOException e) {
            failure = e;
        }
        assertTrue(failure != null && failure.getMessage().contains("CRC"), String.valueOf(failure));
        assertTrue(received < data.length, received + " bytes received");
    }

    @Test
    void contentThatInflatesPastItsDeclaredSizeStops() throws IOException {
        byte[] data = new byte[1_000_000];
        byte[] zip = zip(out -> put(out, "bomb", data, ZipEntry.DEFLATED), null);
        ZipDirectory directory = ZipDirectory.locate(zip.length, over(zip, new AtomicLong()));
        ArchiveEntry real = directory.find("bomb").orElseThrow();
        var understated = new ArchiveEntry("bomb", real.compressedSize(), 1000, real.crc32(), real.method(), false,
                real.headerOffset());
        InputStream content = EntryContent.of(understated, range(zip, directory.dataOffset(real),
                real.compressedSize()));
        IOException failure = assertThrows(IOException.class, content::readAllBytes);
        assertTrue(failure.getMessage().contains("declared"), failure.getMessage());
        var overstated = new ArchiveEntry("bomb", real.compressedSize(), data.length + 1, real.crc32(),
                real.method(), false, real.headerOffset());
        InputStream longer = EntryContent.of(overstated, range(zip, directory.dataOffset(real),
                real.compressedSize()));
        assertThrows(IOException.class, longer::readAllBytes);
    }

    interface Writes {
        void to(ZipOutputStream out) throws IOException;
    }

    static byte[] zip(Writes writes, String comment) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(bytes)) {
            if (comment != null) {
                out.setComment(comment);
            }
            writes.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void put(ZipOutputStream out, String name, byte[] data, int method) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
            entry.setSize(data.length);
            entry.setCompressedSize(data.length);
            entry.setCrc(crc(data));
        }
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    static ZipDirectory.Ranges over(byte[] zip, AtomicLong fetched) {
        return (offset, length) -> {
            int from = (int) Math.min(offset, zip.length);
            byte[] bytes = Arrays.copyOfRange(zip, from, (int) Math.min(zip.length, offset + length));
            fetched.addAndGet(bytes.length);
            return bytes;
        };
    }

    static InputStream range(byte[] zip, long offset, long length) {
        return new java.io.ByteArrayInputStream(zip, (int) offset, (int) length);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A large object that is mostly a gap: only the written pieces hold bytes. */
    private static final class Sparse {
        private final List<long[]> starts = new ArrayList<>();
        private final List<byte[]> pieces = new ArrayList<>();

        void put(long at, byte[] piece) {
            starts.add(new long[] {at});
            pieces.add(piece);
        }

        long size() {
            int last = starts.size() - 1;
            return starts.get(last)[0] + pieces.get(last).length;
        }

        byte[] read(long offset, int length) {
            byte[] out = new byte[(int) Math.min(length, size() - offset)];
            for (int i = 0; i < pieces.size(); i++) {
                long start = starts.get(i)[0];
                byte[] piece = pieces.get(i);
                for (int j = 0; j < out.length; j++) {
                    long at = offset + j - start;
                    if (at >= 0 && at < piece.length) {
                        out[j] = piece[(int) at];
                    }
                }
            }
            return out;
        }
    }
}
