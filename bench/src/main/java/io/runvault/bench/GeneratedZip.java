package io.runvault.bench;

import java.io.InputStream;
import java.util.Random;

/** Pseudo-random bytes behind a zip local-file signature, produced on the fly: nothing is held in memory. */
final class GeneratedZip extends InputStream {
    private final long size;
    private final byte[] block = new byte[1 << 20];
    private long position;

    GeneratedZip(long size, long seed) {
        this.size = size;
        new Random(seed).nextBytes(block);
        block[0] = 'P';
        block[1] = 'K';
        block[2] = 3;
        block[3] = 4;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        int from = (int) (position % block.length);
        int count = (int) Math.min(Math.min(length, block.length - from), size - position);
        System.arraycopy(block, from, target, offset, count);
        if (from + count == block.length) {
            // Vary each pass over the block so parts differ.
            block[4 + (int) ((position / block.length) % (block.length - 4))]++;
        }
        position += count;
        return count;
    }
}
