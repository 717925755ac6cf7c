package io.runvault.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A results zip of any size written as a stream, with nothing but a 1 MiB buffer held: {@code filler} bytes of stored
 * zeros in entries of at most 1 GiB, then {@code entries} small deflated entries and one 1 MiB deflated entry
 * ({@code big.bin}). Past 4 GiB of filler the small entries' offsets need zip64, and the JDK's writer adds it.
 */
final class LargeZip {
    static final int BIG_ENTRY = 1 << 20;
    private static final long FILLER_ENTRY = 1L << 30;
    private static final byte[] ZEROS = new byte[1 << 20];

    private final long filler;
    private final int entries;
    private final Map<Long, Long> zerosCrc = new HashMap<>();

    LargeZip(long filler, int entries) {
        this.filler = filler;
        this.entries = entries;
    }

    /** The zip's length, from writing it to nowhere: the same bytes as {@link #writeTo}. */
    long length() throws IOException {
        var counted = new OutputStream() {
            long count;

            @Override
            public void write(int b) {
                count++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count += len;
            }
        };
        writeTo(counted);
        return counted.count;
    }

    void writeTo(OutputStream target) throws IOException {
        Random random = new Random(11);
        try (var out = new ZipOutputStream(target)) {
            for (long written = 0, n = 0; written < filler; n++) {
                long size = Math.min(FILLER_ENTRY, filler - written);
                ZipEntry entry = new ZipEntry(String.format("filler/%03d.bin", n));
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(size);
                entry.setCompressedSize(size);
                entry.setCrc(zerosCrc.computeIfAbsent(size, LargeZip::crcOfZeros));
                out.putNextEntry(entry);
                for (long left = size; left > 0; left -= ZEROS.length) {
                    out.write(ZEROS, 0, (int) Math.min(left, ZEROS.length));
                }
                out.closeEntry();
                written += size;
            }
            out.setMethod(ZipOutputStream.DEFLATED);
            for (int i = 0; i < entries; i++) {
                out.putNextEntry(new ZipEntry(String.format("out/step-%06d.csv", i)));
                out.write(("step,infected\n" + i + "," + random.nextInt(100_000) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            // Digits: compressible like real output, far below the server's ratio guard.
            byte[] big = new byte[BIG_ENTRY];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i % 64 == 63 ? '\n' : '0' + random.nextInt(10));
            }
            out.putNextEntry(new ZipEntry("big.bin"));
            out.write(big);
            out.closeEntry();
        }
    }

    private static long crcOfZeros(long size) {
        CRC32 crc = new CRC32();
        for (long left = size; left > 0; left -= ZEROS.length) {
            crc.update(ZEROS, 0, (int) Math.min(left, ZEROS.length));
        }
        return crc.getValue();
    }
}
