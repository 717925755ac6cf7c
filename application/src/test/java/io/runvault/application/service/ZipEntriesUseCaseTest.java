package io.runvault.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.ZipEntryNotFound;
import io.runvault.application.ZipEntryTooLarge;
import io.runvault.application.ZipEntryUnreadable;
import io.runvault.application.fakes.InMemoryArtifactRepository;
import io.runvault.application.fakes.InMemoryArtifactStorage;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.port.in.runs.SubmitRunsCommand;
import io.runvault.application.port.in.artifacts.UploadResultsCommand;
import io.runvault.application.port.out.RangedReads;
import io.runvault.application.service.artifacts.ReadZipEntries;
import io.runvault.application.service.artifacts.UploadResults;
import io.runvault.application.service.jobs.CreateJob;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.zip.ZipDirectoryCache;
import io.runvault.application.service.runs.SubmitRuns;
import io.runvault.domain.Artifact;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.Job;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.Tags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ZipEntriesUseCaseTest {
    private static final int ENTRIES = 10_000;
    private static final int BIG = 1 << 20;
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryRunRepository runs = new InMemoryRunRepository(jobs);
    private final InMemoryArtifactRepository artifacts = new InMemoryArtifactRepository();
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();
    private final AccessPolicy policy = new AccessPolicy(false);
    private final GetJob getJob = new GetJob(jobs, policy);
    private final Principal owner = Principal.client("o");
    private final Job job = new CreateJob(jobs, policy, Clock.systemUTC()).create(new CreateJobCommand(owner,
            Tags.none()));
    private final Run run = new SubmitRuns(getJob, runs, policy, Clock.systemUTC())
            .submit(new SubmitRunsCommand(owner, job.id(), List.of(new RunConfig("{}")))).getFirst();
    private final AtomicLong fetched = new AtomicLong();
    /** Counts every byte the use case takes from the store. */
    private final RangedReads metered = (at, offset, length) -> new FilterInputStream(
            storage.openRange(at, offset, length)) {
        @Override
        public int read() throws IOException {
            int b = super.read();
            fetched.addAndGet(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int from, int count) throws IOException {
            int n = super.read(buffer, from, count);
            fetched.addAndGet(Math.max(n, 0));
            return n;
        }
    };

    private ReadZipEntries reader(long maxEntrySize) {
        return new ReadZipEntries(getJob, artifacts, metered, policy, new ZipDirectoryCache(64L << 20), maxEntrySize,
                200);
    }

    private Artifact stored(byte[] zip) {
        var upload = new UploadResults(getJob, runs, runs, artifacts, storage, policy, Duration.ofSeconds(5));
        return upload.upload(new UploadResultsCommand(Principal.worker("w", job.id(), run.id()), job.id(), run.id(),
                Stage.FINAL, new ByteArrayInputStream(zip), DeclaredLength.of(zip.length))).artifact();
    }

    private static byte[] bigZip(byte[] big) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < ENTRIES; i++) {
                out.putNextEntry(new ZipEntry("out/step-" + i + ".csv"));
                out.write(("step\n" + i + "\n").getBytes());
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("big.bin"));
            out.write(big);
            out.closeEntry();
            out.putNextEntry(new ZipEntry("zeros.bin"));
            out.write(new byte[BIG]);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void listingAndReadingOneEntryFetchesASmallShareOfTheZip() throws IOException {
        byte[] big = new byte[BIG];
        new Random(5).nextBytes(big);
        byte[] zip = bigZip(big);
        Artifact artifact = stored(zip);
        ReadZipEntries reader = reader(BIG);

        var page = reader.entries(owner, artifact.id(), PageRequest.first(PageRequest.MAX_LIMIT));
        assertEquals(PageRequest.MAX_LIMIT, page.items().size());
        long listing = fetched.get();
        // The zip's last KiB and its directory, read at once to be kept: none of the entries' data.
        assertTrue(listing <= 1024 + directorySize(zip), listing + " of " + zip.length + " bytes fetched to list a page");

        fetched.set(0);
        var opened = reader.open(owner, artifact.id(), "big.bin");
        try (InputStream content = opened.content()) {
            assertArrayEquals(big, content.readAllBytes());
        }
        // The end records, the directory (scanned for the name), the local header and the entry: none of the other
        // entries' data.
        long directory = directorySize(zip);
        assertTrue(fetched.get() <= opened.entry().compressedSize() + directory + 2048,
                fetched.get() + " of " + zip.length + " bytes fetched to read one entry");
    }

    @Test
    void listingEveryPageThenReadingOneEntryFetchesTheDirectoryOnce() throws IOException {
        byte[] big = new byte[BIG];
        new Random(7).nextBytes(big);
        byte[] zip = bigZip(big);
        Artifact artifact = stored(zip);
        ReadZipEntries reader = reader(BIG);

        int listed = 0;
        var page = reader.entries(owner, artifact.id(), PageRequest.first(PageRequest.MAX_LIMIT));
        listed += page.items().size();
        while (page.next() != null) {
            page = reader.entries(owner, artifact.id(), new PageRequest(page.next(), PageRequest.MAX_LIMIT));
            listed += page.items().size();
        }
        assertEquals(ENTRIES + 2, listed);
        var opened = reader.open(owner, artifact.id(), "big.bin");
        try (InputStream content = opened.content()) {
            assertArrayEquals(big, content.readAllBytes());
        }

        // The zip's last KiB (its end record), its directory once, the entry's local header and the entry.
        long directory = directorySize(zip);
        long expected = 1024 + directory + 30 + "big.bin".length() + opened.entry().compressedSize();
        assertTrue(fetched.get() <= expected, fetched.get() + " bytes fetched where " + expected + " would do, with "
                + "a directory of " + directory);
    }

    private static long directorySize(byte[] zip) {
        return java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(zip.length - 22 + 12);
    }

    @Test
    void refusesEntriesAboveTheSizeLimitOrTheRatioLimitAndMissingOnes() throws IOException {
        byte[] big = new byte[BIG];
        new Random(6).nextBytes(big);
        Artifact artifact = stored(bigZip(big));

        assertThrows(ZipEntryTooLarge.class, () -> reader(BIG - 1).open(owner, artifact.id(), "big.bin"));
        assertThrows(ZipEntryUnreadable.class, () -> reader(BIG).open(owner, artifact.id(), "zeros.bin"));
        assertThrows(ZipEntryNotFound.class, () -> reader(BIG).open(owner, artifact.id(), "none"));
    }

    @Test
    void anotherClientSeesNoArtifact() throws IOException {
        Artifact artifact = stored(bigZip(new byte[10]));
        Principal stranger = Principal.client("someone else");
        assertThrows(ArtifactNotFound.class, () -> reader(BIG).entries(stranger, artifact.id(),
                PageRequest.first(10)));
        assertThrows(ArtifactNotFound.class, () -> reader(BIG).open(stranger, artifact.id(), "big.bin"));
        assertEquals(StorageLocation.primary(artifact.key()), artifact.location());
    }
}
