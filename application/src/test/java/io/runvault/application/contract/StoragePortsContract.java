package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.CopyNotVerified;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every implementation of the storage ports must show, each port through its own accessor, since the tests
 * write through one port and look through another; a subclass per store supplies the instances. Keys are fresh per
 * test, so one store may serve a whole test class.
 */
public abstract class StoragePortsContract {
    private static final AtomicLong JOBS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    /** The store's objects by key; may be the same instance for every test, as may the other ports. */
    protected abstract ArtifactObjects objects();

    /** The store's presigned URLs. */
    protected abstract ArtifactLinks links();

    /** The store's objects in either tier. */
    protected abstract TieredObjects tiers();

    /** The store's keys under a prefix. */
    protected abstract StoredKeys keys();

    /** The store's bulk removal. */
    protected abstract StoragePurge purge();

    /** A body size the implementation must split (multipart or similar); unknown-length bodies this big are tested. */
    protected long largeBodySize() {
        return 12L * 1024 * 1024 + 12_345;
    }

    protected static StorageKey freshKey() {
        long job = JOBS.incrementAndGet();
        JobS3Prefix prefix = new JobS3Prefix("jobs/" + job + "/2026/01/02/030405/");
        return prefix.keyFor(ArtifactIdentity.runResults(new JobId(job), new RunId(1), Stage.FINAL));
    }

    @Test
    void putThenHeadReturnsSizeAndSha256() {
        StorageKey key = freshKey();
        byte[] body = bytes(10_000, 1);

        StoredObject stored = objects().putIfAbsent(key, new ByteArrayInputStream(body),
                DeclaredLength.of(body.length));

        StoredObject expected = new StoredObject(key, body.length, sha256(body));
        assertEquals(expected, stored);
        assertEquals(Optional.of(expected), objects().head(key));
    }

    @Test
    void emptyBodyIsStoredWithTheEmptyDigest() {
        StorageKey key = freshKey();

        StoredObject stored = objects().putIfAbsent(key, InputStream.nullInputStream(), DeclaredLength.of(0));

        assertEquals(new StoredObject(key, 0, sha256(new byte[0])), stored);
        assertEquals(Optional.of(stored), objects().head(key));
    }

    @Test
    void smallBodyOfUnknownLengthIsStoredWhole() {
        StorageKey key = freshKey();
        byte[] body = bytes(70_001, 2);

        StoredObject stored = objects().putIfAbsent(key, dribble(body), DeclaredLength.unknown());

        assertEquals(new StoredObject(key, body.length, sha256(body)), stored);
        assertArrayEquals(body, readAll(key));
    }

    @Test
    void secondPutOfTheSameKeyIsRefusedAndTheOriginalStaysIntact() {
        StorageKey key = freshKey();
        byte[] original = bytes(5_000, 3);
        objects().putIfAbsent(key, new ByteArrayInputStream(original), DeclaredLength.of(original.length));
        byte[] other = bytes(6_000, 4);

        ArtifactAlreadyExists refused = assertThrows(ArtifactAlreadyExists.class,
                () -> objects().putIfAbsent(key, new ByteArrayInputStream(other), DeclaredLength.of(other.length)));

        assertEquals(key, refused.key());
        assertTrue(refused.getMessage().contains(key.value()), refused.getMessage());
        assertArrayEquals(original, readAll(key));
        assertEquals(sha256(original), objects().head(key).orElseThrow().sha256());
    }

    @Test
    void largeBodyOfUnknownLengthIsStoredWholeWithTheRightSizeAndHash() {
        StorageKey key = freshKey();
        byte[] body = bytes(Math.toIntExact(largeBodySize()), 5);

        StoredObject stored = objects().putIfAbsent(key, dribble(body), DeclaredLength.unknown());

        StoredObject expected = new StoredObject(key, body.length, sha256(body));
        assertEquals(expected, stored);
        assertEquals(Optional.of(expected), objects().head(key));
        assertArrayEquals(body, readAll(key));
    }

    @Test
    void largeBodyOfKnownLengthIsStoredWhole() {
        StorageKey key = freshKey();
        byte[] body = bytes(Math.toIntExact(largeBodySize()), 6);

        StoredObject stored = objects().putIfAbsent(key, new ByteArrayInputStream(body),
                DeclaredLength.of(body.length));

        assertEquals(new StoredObject(key, body.length, sha256(body)), stored);
        assertArrayEquals(body, readAll(key));
    }

    @Test
    void secondPutOfALargeBodyIsRefusedToo() {
        StorageKey key = freshKey();
        byte[] original = bytes(1_000, 7);
        objects().putIfAbsent(key, new ByteArrayInputStream(original), DeclaredLength.of(original.length));
        byte[] large = bytes(Math.toIntExact(largeBodySize()), 8);

        assertThrows(ArtifactAlreadyExists.class,
                () -> objects().putIfAbsent(key, dribble(large), DeclaredLength.unknown()));

        assertArrayEquals(original, readAll(key));
    }

    @Test
    void aBodyThatFailsHalfWayLeavesNothingAtTheKey() {
        for (long size : new long[] {10_000, largeBodySize()}) {
            StorageKey key = freshKey();
            byte[] body = bytes(Math.toIntExact(size), 9);

            assertThrows(UncheckedIOException.class,
                    () -> objects().putIfAbsent(key, failingAfter(body, body.length - 10),
                            DeclaredLength.of(body.length)));
            assertThrows(UncheckedIOException.class,
                    () -> objects().putIfAbsent(key, failingAfter(body, body.length - 10),
                            DeclaredLength.unknown()));

            assertEquals(Optional.empty(), objects().head(key), "after a failed body of " + size + " bytes");
        }
    }

    @Test
    void aBodyShorterThanDeclaredLeavesNothingAtTheKey() {
        StorageKey key = freshKey();
        byte[] body = bytes(1_000, 10);

        assertThrows(RuntimeException.class,
                () -> objects().putIfAbsent(key, new ByteArrayInputStream(body), DeclaredLength.of(body.length + 1)));

        assertEquals(Optional.empty(), objects().head(key));
    }

    @Test
    void aBodyLongerThanDeclaredLeavesNothingAtTheKey() {
        for (long declared : new long[] {0, 1_000, largeBodySize()}) {
            StorageKey key = freshKey();
            byte[] body = bytes(Math.toIntExact(declared) + 1, 16);

            assertThrows(UncheckedIOException.class,
                    () -> objects().putIfAbsent(key, new ByteArrayInputStream(body), DeclaredLength.of(declared)));

            assertEquals(Optional.empty(), objects().head(key), "after a body longer than its " + declared + " bytes");
        }
    }

    @Test
    void headOfAMissingKeyIsEmpty() {
        assertEquals(Optional.empty(), objects().head(freshKey()));
    }

    @Test
    void openOfAMissingKeyIsArtifactNotFound() {
        StorageKey key = freshKey();

        ArtifactNotFound missing = assertThrows(ArtifactNotFound.class, () -> objects().open(key).close());

        assertTrue(missing.getMessage().contains(key.value()), missing.getMessage());
    }

    @Test
    void deleteRemovesTheObjectAndFreesTheKeyAndIsIdempotent() {
        StorageKey key = freshKey();
        byte[] body = bytes(100, 11);
        objects().putIfAbsent(key, new ByteArrayInputStream(body), DeclaredLength.of(body.length));

        objects().delete(key);
        objects().delete(key);

        assertEquals(Optional.empty(), objects().head(key));
        byte[] again = bytes(200, 12);
        assertEquals(200, objects().putIfAbsent(key, new ByteArrayInputStream(again),
                DeclaredLength.of(again.length)).size());
    }

    @Test
    void presignedUrlsExpireAfterTheirTtl() {
        Instant before = Instant.now();

        PresignedUrl put = links().presignPut(freshKey(), Duration.ofMinutes(5));
        PresignedUrl get = links().presignGet(StorageLocation.primary(freshKey()), Duration.ofMinutes(5));

        for (PresignedUrl url : new PresignedUrl[] {put, get}) {
            assertFalse(url.expiresAt().isBefore(before.plus(Duration.ofMinutes(5)).minusSeconds(1)), url::toString);
            assertFalse(url.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1)), url::toString);
        }
    }

    @Test
    void aPresignedPutIsConditionalOnTheKeyBeingFreeAndAGetNeedsNoHeaders() {
        assertEquals("*", links().presignPut(freshKey(), Duration.ofMinutes(5)).headers().get("If-None-Match"));
        assertEquals(Map.of(),
                links().presignGet(StorageLocation.primary(freshKey()), Duration.ofMinutes(5)).headers());
    }

    @Test
    void aStagingPutNeedsNoHeaders() {
        var staging = new JobS3Prefix("jobs/1/2026/01/01/000000/").stagingKeyFor(
                new StorageKey("jobs/1/2026/01/01/000000/job_input.zip"));
        assertEquals(Map.of(), links().presignStagingPut(staging, Duration.ofMinutes(5)).headers());
    }

    /** A fresh job's prefix and the artifacts' keys under it: what archive and purge tests work on. */
    protected static JobS3Prefix freshPrefix() {
        long job = JOBS.incrementAndGet();
        return new JobS3Prefix("jobs/" + job + "/2026/01/02/030405/");
    }

    protected static StorageKey keyUnder(JobS3Prefix prefix, long run) {
        long job = Long.parseLong(prefix.value().split("/")[1]);
        return prefix.keyFor(ArtifactIdentity.runResults(new JobId(job), new RunId(run), Stage.FINAL));
    }

    protected static StorageKey archiveKeyUnder(JobS3Prefix prefix, long run) {
        long job = Long.parseLong(prefix.value().split("/")[1]);
        return prefix.archiveKeyFor(keyUnder(prefix, run));
    }

    @Test
    void copyToTheArchiveKeepsTheBytesAndTheOriginal() {
        JobS3Prefix prefix = freshPrefix();
        StorageKey key = keyUnder(prefix, 1);
        byte[] body = bytes(3_000, 13);
        StoredObject original = objects().putIfAbsent(key, new ByteArrayInputStream(body),
                DeclaredLength.of(body.length));
        var archived = StorageLocation.archive(archiveKeyUnder(prefix, 1));

        tiers().copy(StorageLocation.primary(key), archived);

        assertEquals(Optional.of(new StoredObject(archived.key(), body.length, original.sha256())),
                tiers().head(archived));
        assertEquals(Optional.of(original), tiers().head(StorageLocation.primary(key)));
    }

    /** A stored artifact row as the core would hold it: the object's size and SHA-256, and the tag given, if any. */
    protected static Artifact recorded(JobS3Prefix prefix, long run, StoredObject object, String tag) {
        long job = Long.parseLong(prefix.value().split("/")[1]);
        return new Artifact(new ArtifactId(run), ArtifactIdentity.runResults(new JobId(job), new RunId(run),
                Stage.FINAL), keyUnder(prefix, run), ArtifactState.STORED, object.size(), object.sha256(), run,
                StorageLocation.primary(keyUnder(prefix, run)), tag);
    }

    private StoredObject put(StorageKey key, byte[] body) {
        return objects().putIfAbsent(key, new ByteArrayInputStream(body), DeclaredLength.of(body.length));
    }

    @Test
    void aStoredObjectComesBackWithTheTagALookupGivesWhateverWayItWasSent() {
        StorageKey small = freshKey();
        StorageKey large = freshKey();
        StoredObject smallStored = put(small, bytes(1_234, 60));
        byte[] body = bytes(Math.toIntExact(largeBodySize()), 61);
        StoredObject largeStored = objects().putIfAbsent(large, new ByteArrayInputStream(body),
                DeclaredLength.unknown());

        for (StoredObject stored : List.of(smallStored, largeStored)) {
            assertTrue(stored.tag() != null, () -> stored + " has no tag");
            assertEquals(stored.tag(), tiers().head(StorageLocation.primary(stored.key())).orElseThrow().tag());
        }
    }

    @Test
    void anArtifactIsCopiedToTheArchiveByItsTagByItsRecordedChecksumOrWhenItsTagIsStale() {
        JobS3Prefix prefix = freshPrefix();
        List<Artifact> artifacts = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            StoredObject original = put(keyUnder(prefix, run), bytes(2_000 + run, 20 + run));
            String tag = switch (run) {
                case 1 -> original.tag();
                case 2 -> null;
                default -> "\"a-tag-the-store-never-gave\"";
            };
            artifacts.add(recorded(prefix, run, original, tag));
        }

        for (Artifact artifact : artifacts) {
            var archived = StorageLocation.archive(prefix.archiveKeyFor(artifact.key()));
            StoredObject copy = tiers().copyArtifact(artifact, archived);

            var expected = new StoredObject(archived.key(), artifact.size(), artifact.checksum());
            assertEquals(expected, copy);
            assertEquals(Optional.of(expected), tiers().head(archived));
            assertTrue(tiers().head(artifact.location()).isPresent(), "the original stays");
        }
    }

    @Test
    void anArtifactCopyReplacesAnEarlierCopyAtItsArchiveKeyWithTheRecordedBytes() {
        JobS3Prefix prefix = freshPrefix();
        StoredObject original = put(keyUnder(prefix, 1), bytes(1_500, 30));
        put(keyUnder(prefix, 2), bytes(10, 31));
        var archived = StorageLocation.archive(archiveKeyUnder(prefix, 1));
        tiers().copy(StorageLocation.primary(keyUnder(prefix, 2)), archived);
        Artifact artifact = recorded(prefix, 1, original, original.tag());

        tiers().copyArtifact(artifact, archived);

        assertEquals(Optional.of(new StoredObject(archived.key(), original.size(), original.sha256())),
                tiers().head(archived));
    }

    @Test
    void anArtifactWhoseOriginalChangedOrVanishedIsNotCopied() {
        JobS3Prefix prefix = freshPrefix();
        StoredObject first = put(keyUnder(prefix, 1), bytes(1_000, 40));
        StoredObject second = put(keyUnder(prefix, 2), bytes(1_000, 41));
        Artifact changedTagged = recorded(prefix, 1, first, first.tag());
        Artifact changedUntagged = recorded(prefix, 2, second, null);
        for (long run : new long[] {1, 2}) {
            objects().delete(keyUnder(prefix, run));
            put(keyUnder(prefix, run), bytes(999, 50 + (int) run));
        }
        StoredObject third = put(keyUnder(prefix, 3), bytes(1_000, 42));
        Artifact vanished = recorded(prefix, 3, third, third.tag());
        objects().delete(keyUnder(prefix, 3));

        for (Artifact changed : List.of(changedTagged, changedUntagged)) {
            var archived = StorageLocation.archive(prefix.archiveKeyFor(changed.key()));
            assertThrows(CopyNotVerified.class, () -> tiers().copyArtifact(changed, archived));
            assertEquals(Optional.empty(), tiers().head(archived));
        }
        var archived = StorageLocation.archive(archiveKeyUnder(prefix, 3));
        assertThrows(ArtifactNotFound.class, () -> tiers().copyArtifact(vanished, archived));
        assertEquals(Optional.empty(), tiers().head(archived));
    }

    @Test
    void copyIsCreateOnlyAndNeedsASource() {
        JobS3Prefix prefix = freshPrefix();
        StorageKey first = keyUnder(prefix, 1);
        StorageKey second = keyUnder(prefix, 2);
        byte[] one = bytes(100, 14);
        byte[] two = bytes(200, 15);
        objects().putIfAbsent(first, new ByteArrayInputStream(one), DeclaredLength.of(one.length));
        objects().putIfAbsent(second, new ByteArrayInputStream(two), DeclaredLength.of(two.length));

        assertThrows(ArtifactAlreadyExists.class,
                () -> tiers().copy(StorageLocation.primary(first), StorageLocation.primary(second)));
        assertArrayEquals(two, readAll(second));
        assertThrows(ArtifactNotFound.class, () -> tiers().copy(StorageLocation.primary(keyUnder(prefix, 3)),
                StorageLocation.archive(archiveKeyUnder(prefix, 3))));
        assertEquals(Optional.empty(), tiers().head(StorageLocation.archive(archiveKeyUnder(prefix, 3))));
    }

    @Test
    void listPagesThroughEveryKeyUnderThePrefixOnlyAndDeleteAllRemovesThem() {
        JobS3Prefix prefix = freshPrefix();
        List<StorageKey> keys = new ArrayList<>();
        for (int run = 1; run <= 5; run++) {
            StorageKey key = keyUnder(prefix, run);
            objects().putIfAbsent(key, new ByteArrayInputStream(new byte[run]), DeclaredLength.of(run));
            keys.add(key);
        }
        StorageKey outside = freshKey();
        objects().putIfAbsent(outside, new ByteArrayInputStream(new byte[1]), DeclaredLength.of(1));

        List<StorageKey> listed = listAll(StorageTier.PRIMARY, prefix.primary());
        assertEquals(keys.stream().sorted((a, b) -> a.value().compareTo(b.value())).toList(), listed);
        assertEquals(List.of(), listAll(StorageTier.ARCHIVE, prefix.archived()));

        assertEquals(5, purge().deleteAll(StorageTier.PRIMARY, listed));
        assertEquals(5, purge().deleteAll(StorageTier.PRIMARY, listed), "missing keys are not an error");
        assertEquals(List.of(), listAll(StorageTier.PRIMARY, prefix.primary()));
        assertTrue(objects().head(outside).isPresent());
        assertEquals(0, purge().abortUploads(StorageTier.PRIMARY, prefix.primary()));
    }

    @Test
    void deleteInATierLeavesTheOtherTier() {
        JobS3Prefix prefix = freshPrefix();
        StorageKey key = keyUnder(prefix, 1);
        objects().putIfAbsent(key, new ByteArrayInputStream(new byte[10]), DeclaredLength.of(10));
        var archived = StorageLocation.archive(archiveKeyUnder(prefix, 1));
        tiers().copy(StorageLocation.primary(key), archived);

        tiers().delete(StorageLocation.primary(key));
        tiers().delete(StorageLocation.primary(key));

        assertEquals(Optional.empty(), objects().head(key));
        assertEquals(10, tiers().head(archived).orElseThrow().size());
        assertTrue(links().presignGet(archived, Duration.ofMinutes(1)).url().isAbsolute());
    }

    protected final List<StorageKey> listAll(StorageTier tier, StoragePrefix prefix) {
        List<StorageKey> all = new ArrayList<>();
        String token = null;
        do {
            StoredKeys.KeyPage page = keys().list(tier, prefix, token);
            all.addAll(page.keys());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    protected final byte[] readAll(StorageKey key) {
        try (InputStream in = objects().open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    protected static Checksum sha256(byte[] body) {
        try {
            return Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands out the body in odd-sized reads and hides its length, as a network stream does. */
    protected static InputStream dribble(byte[] body) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7_777));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    /** Delivers {@code good} bytes of the body, then fails like a dropped connection. */
    protected static InputStream failingAfter(byte[] body, int good) {
        return new FilterInputStream(new ByteArrayInputStream(body, 0, good)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    throw new IOException("connection reset by the test");
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset by the test");
                }
                return n;
            }
        };
    }
}
