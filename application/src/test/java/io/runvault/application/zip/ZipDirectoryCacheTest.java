package io.runvault.application.zip;

import static io.runvault.application.zip.ZipDirectoryTest.over;
import static io.runvault.application.zip.ZipDirectoryTest.put;
import static io.runvault.application.zip.ZipDirectoryTest.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

class ZipDirectoryCacheTest {
    private static final byte[] ZIP = zip(out -> {
        for (int i = 0; i < 100; i++) {
            put(out, "entry-" + i, new byte[] {(byte) i}, ZipEntry.STORED);
        }
    }, null);
    private static final Checksum SUM = Checksum.sha256Hex("0".repeat(64));
    private static final Checksum OTHER_SUM = Checksum.sha256Hex("1".repeat(64));
    private final AtomicInteger located = new AtomicInteger();

    private ZipDirectory locate() {
        located.incrementAndGet();
        return ZipDirectory.locate(ZIP.length, over(ZIP, new AtomicLong()));
    }

    @Test
    void findsADirectoryOncePerArtifactAndChecksum() {
        var cache = new ZipDirectoryCache(1 << 20);
        cache.get(new ArtifactId(1), SUM, this::locate);
        cache.get(new ArtifactId(1), SUM, this::locate);
        assertEquals(1, located.get());

        cache.get(new ArtifactId(2), SUM, this::locate);
        cache.get(new ArtifactId(1), OTHER_SUM, this::locate);
        assertEquals(3, located.get());
    }

    @Test
    void dropsTheLeastRecentlyUsedDirectoriesOnceTheirBytesPassTheBound() {
        long weight = new ZipDirectoryCache(1 << 20).get(new ArtifactId(99), SUM, this::locate).weight();
        var cache = new ZipDirectoryCache(4 * weight + weight / 2);
        for (long id = 1; id <= 4; id++) {
            cache.get(new ArtifactId(id), SUM, this::locate);
        }
        cache.get(new ArtifactId(1), SUM, this::locate);
        located.set(0);

        cache.get(new ArtifactId(5), SUM, this::locate);
        cache.get(new ArtifactId(1), SUM, this::locate);
        assertEquals(1, located.get());
        cache.get(new ArtifactId(2), SUM, this::locate);
        assertEquals(2, located.get());
    }

    @Test
    void aBoundOfZeroKeepsNothing() {
        var cache = new ZipDirectoryCache(0);
        cache.get(new ArtifactId(1), SUM, this::locate);
        cache.get(new ArtifactId(1), SUM, this::locate);
        assertEquals(2, located.get());
    }
}
