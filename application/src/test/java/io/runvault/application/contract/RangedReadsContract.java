package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.RangedReads;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link RangedReads} must show, over objects written through the same store's ArtifactObjects. */
public abstract class RangedReadsContract {
    private static final AtomicLong JOBS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    protected abstract ArtifactObjects objects();

    protected abstract RangedReads ranges();

    private StorageLocation stored(byte[] body) {
        long job = JOBS.incrementAndGet();
        StorageKey key = new JobS3Prefix("jobs/" + job + "/2026/01/02/030405/")
                .keyFor(ArtifactIdentity.runResults(new JobId(job), new RunId(1), Stage.FINAL));
        objects().putIfAbsent(key, new ByteArrayInputStream(body), DeclaredLength.of(body.length));
        return StorageLocation.primary(key);
    }

    private static byte[] body() {
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body);
        return body;
    }

    @Test
    void readsExactlyTheRangeAskedFor() throws IOException {
        byte[] body = body();
        StorageLocation at = stored(body);
        try (InputStream in = ranges().openRange(at, 1000, 5000)) {
            assertArrayEquals(Arrays.copyOfRange(body, 1000, 6000), in.readAllBytes());
        }
        assertArrayEquals(Arrays.copyOfRange(body, 0, 22), ranges().readRange(at, 0, 22));
    }

    @Test
    void aRangePastTheEndComesBackShort() throws IOException {
        byte[] body = body();
        StorageLocation at = stored(body);
        try (InputStream in = ranges().openRange(at, body.length - 10, 100)) {
            assertArrayEquals(Arrays.copyOfRange(body, body.length - 10, body.length), in.readAllBytes());
        }
        assertArrayEquals(new byte[0], ranges().readRange(at, body.length + 5, 10));
    }

    @Test
    void closingARangeEarlyIsFine() throws IOException {
        byte[] body = body();
        StorageLocation at = stored(body);
        try (InputStream in = ranges().openRange(at, 0, body.length)) {
            assertArrayEquals(Arrays.copyOfRange(body, 0, 10), in.readNBytes(10));
        }
        assertArrayEquals(Arrays.copyOfRange(body, 50, 60), ranges().readRange(at, 50, 10));
    }

    @Test
    void aMissingObjectIsNotFound() {
        StorageLocation at = stored(new byte[1]);
        StorageLocation missing = StorageLocation.primary(new StorageKey(at.key().value() + "-missing"));
        assertThrows(ArtifactNotFound.class, () -> ranges().openRange(missing, 0, 10).close());
    }
}
