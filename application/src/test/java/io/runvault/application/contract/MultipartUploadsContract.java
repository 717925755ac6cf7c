package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.Sha256;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.MultipartUploads;
import io.runvault.application.port.out.MultipartUploads.Part;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every implementation of {@link MultipartUploads} must show; parts go in as a client's would, through the
 * presigned URLs, by {@link #putPart}. A subclass per store supplies the instances.
 */
public abstract class MultipartUploadsContract {
    private static final AtomicLong JOBS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 500_000_000L);
    protected static final int PART = 5 << 20;
    private static final Duration TTL = Duration.ofMinutes(5);

    protected abstract MultipartUploads uploads();

    /** The same store's objects, where completed uploads appear. */
    protected abstract ArtifactObjects objects();

    /** What a client does with a part URL: PUT the bytes to it with its headers. */
    protected abstract void putPart(PresignedUrl url, byte[] body) throws Exception;

    private static StorageKey freshKey() {
        long job = JOBS.incrementAndGet();
        return new JobS3Prefix("jobs/" + job + "/2026/01/02/030405/")
                .keyFor(ArtifactIdentity.runResults(new JobId(job), new RunId(1), Stage.FINAL));
    }

    @Test
    void partsPutThroughTheirUrlsAreListedAndCompleteIntoOneObject() throws Exception {
        StorageKey key = freshKey();
        byte[] bytes = new byte[PART + 321];
        new Random(3).nextBytes(bytes);
        String upload = uploads().start(key);
        // Out of order, as parallel clients finish.
        putPart(uploads().presignPart(key, upload, 2, TTL, null), slice(bytes, 2));
        putPart(uploads().presignPart(key, upload, 1, TTL, null), slice(bytes, 1));

        List<Part> parts = uploads().listParts(key, upload);
        assertEquals(List.of(1, 2), parts.stream().map(Part::number).toList());
        assertEquals(List.of((long) PART, 321L), parts.stream().map(Part::size).toList());
        assertEquals(Optional.empty(), objects().head(key), "nothing is readable before completion");

        uploads().complete(key, upload, parts);
        StoredObject stored = objects().head(key).orElseThrow();
        assertEquals(bytes.length, stored.size());
        assertEquals(Sha256.of(new ByteArrayInputStream(bytes)), stored.sha256());
        try (InputStream in = objects().open(key)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertEquals(Optional.empty(), uploads().findOpen(key));
    }

    @Test
    void partsAreListedInNumberOrderPastNine() throws Exception {
        StorageKey key = freshKey();
        String upload = uploads().start(key);
        // Numbers that sort differently as text (1, 10, 11, 12, 2, ...) than as numbers.
        for (int number = 12; number >= 1; number--) {
            putPart(uploads().presignPart(key, upload, number, TTL, null), new byte[] {(byte) number});
        }
        assertEquals(IntStream.rangeClosed(1, 12).boxed().toList(),
                uploads().listParts(key, upload).stream().map(Part::number).toList());
        uploads().abort(key, upload);
    }

    @Test
    void anOpenUploadIsFoundAgainByItsExactKeyOnly() {
        StorageKey key = freshKey();
        StorageKey longer = new StorageKey(key.value() + ".more");
        assertEquals(Optional.empty(), uploads().findOpen(key));
        String upload = uploads().start(key);
        uploads().start(longer);
        assertEquals(Optional.of(upload), uploads().findOpen(key));
        assertEquals(List.of(), uploads().listParts(key, upload));
    }

    @Test
    void anAbortedUploadIsGoneAndAbortingAgainIsNoError() {
        StorageKey key = freshKey();
        String upload = uploads().start(key);
        uploads().abort(key, upload);
        uploads().abort(key, upload);
        assertEquals(Optional.empty(), uploads().findOpen(key));
        // S3 answers NoSuchUpload for its parts, some compatible stores an empty list: either way none is left.
        try {
            assertEquals(List.of(), uploads().listParts(key, upload));
        } catch (InvalidValue gone) {
            assertTrue(gone.getMessage().contains("no such upload"));
        }
    }

    @Test
    void partUrlsMaySignAChecksumAndNeverOutliveTheirTtl() {
        StorageKey key = freshKey();
        String upload = uploads().start(key);
        PresignedUrl url = uploads().presignPart(key, upload, 1, TTL,
                Sha256.of(new ByteArrayInputStream(new byte[] {1})));
        assertTrue(url.url().isAbsolute());
        assertTrue(url.expiresAt().isBefore(Instant.now().plus(TTL).plusSeconds(5)));
        uploads().abort(key, upload);
    }

    private static byte[] slice(byte[] bytes, int number) {
        int from = (number - 1) * PART;
        return Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + PART));
    }
}
