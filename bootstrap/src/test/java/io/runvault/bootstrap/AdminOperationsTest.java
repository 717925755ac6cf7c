package io.runvault.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.out.s3.ArchiveSettings;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.adapters.testing.TestS3;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Admin archival, restore and purge end to end: real Postgres, the in-process S3 server with a separate archive
 * bucket, and a store that can be made to fail. Artifacts are seeded straight through the storage adapter and SQL,
 * as uploading a thousand over HTTP would only test uploads again.
 */
@MicronautTest(transactional = false)
class AdminOperationsTest extends ServerTest {
    private static final long MIB = 1024 * 1024;
    private final String archiveBucket = TestS3.freshBucket();

    /** The copies and listings the server makes: the faulty test store. */
    @Inject
    FaultyStorage storage;

    /** The objects the server writes, where seeded results go, metered like every write through the server. */
    @Inject
    ArtifactObjects artifactObjects;

    @Inject
    S3Client s3;

    @Inject
    S3Settings s3Settings;

    @Inject
    ArchiveSettings archiveSettings;

    @Override
    protected Map<String, String> storageProperties() {
        Map<String, String> properties = new java.util.HashMap<>(TestS3.freshProperties());
        properties.put("runvault.test.storage", "faulty");
        properties.put("runvault.archive.bucket", archiveBucket);
        // Small enough that a 7 MiB artifact takes the part-copy path, in two parts.
        properties.put("runvault.archive.multipart-copy-threshold", "6MB");
        properties.put("runvault.archive.copy-part-size", "5MB");
        properties.put("runvault.archive.max-consecutive-failures", "4");
        properties.put("runvault.archive.parallel-copies", "4");
        return properties;
    }

    /** A seeded artifact: its row id, key and bytes' digest. */
    record Seeded(long id, StorageKey key, StoredObject stored) {
    }

    @Test
    void aJobOf1200ArtifactsArchivesThenPurgesCompletelyPastEveryThousandLimit() throws Exception {
        long job = newJob();
        JobS3Prefix prefix = prefixOf(job);
        long started = System.nanoTime();
        List<Seeded> seeded = seed(job, 12, 100, 64);
        long seededAt = System.nanoTime();

        var archive = admin().post("/api/v1/admin/jobs/" + job + "/archive", "");
        assertEquals(202, archive.status(), () -> archive.raw().body());
        long operation = archive.id();
        assertEquals("/api/v1/admin/operations/" + operation, archive.header("Location"));
        JsonNode archived = awaitEnd(operation);
        long archivedAt = System.nanoTime();

        assertEquals("SUCCEEDED", archived.get("state").getStringValue(), archived::toString);
        assertEquals(1200, archived.get("total").getLongValue());
        assertEquals(1200, archived.get("done").getLongValue());
        assertEquals(List.of(), keys(StorageTier.PRIMARY, prefix.primary()), "originals are deleted once verified");
        assertEquals(1200, keys(StorageTier.ARCHIVE, prefix.archived()).size());
        for (Seeded artifact : List.of(seeded.getFirst(), seeded.get(700), seeded.getLast())) {
            var copy = storage.head(StorageLocation.archive(new StorageKey("archive/" + artifact.key().value())));
            assertEquals(artifact.stored().sha256(), copy.orElseThrow().sha256());
        }
        var manifest = admin().get("/api/v1/admin/jobs/" + job + "/manifest?limit=500");
        assertEquals(500, manifest.body().get("items").size());
        JsonNode first = manifest.body().get("items").get(0);
        assertEquals("archive", first.get("location").getStringValue());
        assertEquals(seeded.getFirst().key().value(), first.get("key").getStringValue());
        assertEquals("archive/" + seeded.getFirst().key().value(), first.get("locationKey").getStringValue());
        assertNotNull(manifest.body().get("nextCursor").getStringValue());

        // An unfinished multipart upload under the prefix is what a crashed upload leaves behind.
        String leftover = prefix.keyFor(ArtifactIdentity.runResults(new JobId(job), new RunId(seeded.size()),
                new Stage("crashed"))).value();
        s3.createMultipartUpload(b -> b.bucket(s3Settings.bucket()).key(leftover));

        var purge = admin().delete("/api/v1/admin/jobs/" + job);
        assertEquals(202, purge.status(), () -> purge.raw().body());
        JsonNode purged = awaitEnd(purge.id());
        long purgedAt = System.nanoTime();

        assertEquals("SUCCEEDED", purged.get("state").getStringValue(), purged::toString);
        assertEquals(1200, purged.get("total").getLongValue());
        assertEquals(1200, purged.get("done").getLongValue());
        assertEquals(List.of(), keys(StorageTier.ARCHIVE, prefix.archived()));
        assertEquals(List.of(), keys(StorageTier.PRIMARY, prefix.primary()));
        assertTrue(s3.listMultipartUploads(b -> b.bucket(s3Settings.bucket()).prefix(prefix.value())).uploads()
                .isEmpty(), "open uploads under the prefix are aborted");
        assertEquals(0, count("SELECT count(*) FROM artifacts WHERE job_id = " + job));
        assertEquals(0, count("SELECT count(*) FROM runs WHERE job_id = " + job));
        assertEquals(1, count("SELECT count(*) FROM purged_jobs WHERE job_id = " + job));
        var gone = admin().get("/api/v1/jobs/" + job);
        assertEquals(410, gone.status());
        assertEquals("urn:runvault:problem:job-purged", gone.problemType());
        assertEquals(410, admin().post("/api/v1/admin/jobs/" + job + "/archive", "").status());
        System.out.printf("1200 artifacts: seeded in %d ms, archived in %d ms, purged in %d ms%n",
                (seededAt - started) / 1_000_000, (archivedAt - seededAt) / 1_000_000, (purgedAt - archivedAt) / 1_000_000);
    }

    @Test
    void anArchiveInterruptedByAStoreOutageResumesUnderTheSameIdWithNothingLostOrCopiedElsewhere() throws Exception {
        long job = newJob();
        JobS3Prefix prefix = prefixOf(job);
        List<Seeded> seeded = seed(job, 3, 10, 1_000);
        storage.failCopiesAfter(12);

        long operation = admin().post("/api/v1/admin/jobs/" + job + "/archive", "").id();
        JsonNode failed = awaitEnd(operation);

        assertEquals("FAILED", failed.get("state").getStringValue(), failed::toString);
        assertEquals(30, failed.get("total").getLongValue());
        assertEquals(11, failed.get("done").getLongValue(), "the twelfth copy landed but was never confirmed");
        // Four at a time in a sliding window: four failures in a row (the unconfirmed copy among them) stop it; the
        // steps still in flight then end too, and a success that ends late can put the stop off, so the count of
        // failed steps is at least four and at most every step not done.
        long failedSteps = failed.get("failed").getLongValue();
        assertTrue(failedSteps >= 4 && failedSteps <= 30 - 11, "failed steps: " + failedSteps);
        assertTrue(failed.get("error").getStringValue().contains("4 consecutive failures"), failed::toString);
        assertTrue(failed.get("failures").get(0).get("message").getStringValue().contains("test's outage"));

        storage.recover();
        var resumed = admin().post("/api/v1/admin/jobs/" + job + "/archive", "");
        assertEquals(202, resumed.status());
        assertEquals(operation, resumed.id(), "the same operation, resumed");
        JsonNode done = awaitEnd(operation);

        assertEquals("SUCCEEDED", done.get("state").getStringValue(), done::toString);
        assertEquals(30, done.get("done").getLongValue());
        assertEquals(0, done.get("failed").getLongValue());
        Set<StorageLocation> expected = new HashSet<>();
        int copiedAgain = 0;
        for (Seeded artifact : seeded) {
            var target = StorageLocation.archive(new StorageKey("archive/" + artifact.key().value()));
            expected.add(target);
            assertEquals(artifact.stored().sha256(), storage.head(target).orElseThrow().sha256());
            int landed = storage.landedCopies().get(target).get();
            assertTrue(landed == 1 || landed == 2, () -> target + " copied " + landed + " times");
            copiedAgain += landed - 1;
        }
        // Only the copy that landed unconfirmed is made again, of the same bytes to the same key.
        assertEquals(1, copiedAgain);
        assertEquals(expected, new HashSet<>(storage.landedCopies().keySet().stream()
                .filter(location -> location.key().value().startsWith(prefix.archived().value())).toList()));
        assertEquals(List.of(), keys(StorageTier.PRIMARY, prefix.primary()));
    }

    @Test
    void restoreBringsArchivedObjectsBackByteIdenticalIncludingOnesCopiedInParts() throws Exception {
        long job = newJob();
        JobS3Prefix prefix = prefixOf(job);
        List<Seeded> seeded = new ArrayList<>(seed(job, 1, 3, 5_000));
        byte[] large = bytes(Math.toIntExact(7 * MIB + 123), 42);
        seeded.add(seedOne(job, prefix, runsOf(job).getFirst(), "large", large));
        Map<StorageKey, byte[]> originals = new java.util.HashMap<>();
        for (Seeded artifact : seeded) {
            try (InputStream in = artifactObjects.open(artifact.key())) {
                originals.put(artifact.key(), in.readAllBytes());
            }
        }

        assertEquals("SUCCEEDED", awaitEnd(admin().post("/api/v1/admin/jobs/" + job + "/archive", "").id())
                .get("state").getStringValue());
        String largeCopy = "archive/" + seeded.getLast().key().value();
        String eTag = s3.headObject(b -> b.bucket(archiveBucket).key(largeCopy)).eTag();
        assertTrue(eTag.replace("\"", "").endsWith("-2"), "copied in two parts: " + eTag);
        assertEquals(List.of(), keys(StorageTier.PRIMARY, prefix.primary()));
        var download = admin().get("/api/v1/artifacts/" + seeded.getFirst().id() + "/download");
        assertEquals(302, download.status());
        assertArrayEquals(originals.get(seeded.getFirst().key()), fetch(download.header("Location")),
                "downloads follow the artifact into the archive");

        var restore = admin().post("/api/v1/admin/jobs/" + job + "/restore", "");
        assertEquals(202, restore.status());
        JsonNode restored = awaitEnd(restore.id());

        assertEquals("SUCCEEDED", restored.get("state").getStringValue(), restored::toString);
        assertEquals(seeded.size(), restored.get("done").getLongValue());
        for (Seeded artifact : seeded) {
            try (InputStream in = artifactObjects.open(artifact.key())) {
                assertArrayEquals(originals.get(artifact.key()), in.readAllBytes(), artifact.key().value());
            }
        }
        var manifest = admin().get("/api/v1/admin/jobs/" + job + "/manifest").body().get("items");
        for (int i = 0; i < manifest.size(); i++) {
            assertEquals("original", manifest.get(i).get("location").getStringValue());
            assertArrayEquals(originals.get(new StorageKey(manifest.get(i).get("key").getStringValue())),
                    fetch(manifest.get(i).get("url").getStringValue()));
        }
    }

    @Test
    void readsOfAJobBeingPurgedAre409AndAfterwards410() throws Exception {
        long job = newJob();
        long artifact = seed(job, 1, 3, 100).getFirst().id();
        var gate = storage.holdListings();
        try {
            var purge = admin().delete("/api/v1/admin/jobs/" + job);
            assertEquals(202, purge.status());
            long operation = purge.id();

            for (String read : List.of("/api/v1/jobs/" + job, "/api/v1/jobs/" + job + "/runs",
                    "/api/v1/jobs/" + job + "/artifacts", "/api/v1/admin/jobs/" + job + "/manifest")) {
                var reply = admin().get(read);
                assertEquals(409, reply.status(), read);
                assertEquals("urn:runvault:problem:job-being-purged", reply.problemType());
            }
            assertEquals(409, admin().get("/api/v1/artifacts/" + artifact + "/download").status());
            var progress = admin().get("/api/v1/admin/operations/" + operation).body();
            assertEquals("PURGE", progress.get("kind").getStringValue());
            assertEquals("RUNNING", progress.get("state").getStringValue());
            assertEquals(operation, admin().delete("/api/v1/admin/jobs/" + job).id(), "asking again resumes it");
            gate.countDown();
            assertEquals("SUCCEEDED", awaitEnd(operation).get("state").getStringValue());
        } finally {
            gate.countDown();
        }
        assertEquals(410, admin().get("/api/v1/jobs/" + job).status());
        assertEquals(410, admin().get("/api/v1/jobs/" + job + "/runs").status());
        assertEquals(410, admin().delete("/api/v1/admin/jobs/" + job).status());
        assertEquals(404, admin().get("/api/v1/jobs/" + (job + 1000)).status(), "never existed: still 404");
    }

    @Test
    void anOperationACrashLeftRunningIsResumedWhenAServerStarts() throws Exception {
        long job = newJob();
        seed(job, 1, 5, 100);
        long operation = runningArchive(job, null, null).id();

        Map<String, Object> properties = new java.util.HashMap<>(getProperties());
        // The same store as the first server: getProperties() alone would hand out a fresh bucket.
        properties.put("runvault.storage.s3.bucket", s3Settings.bucket());
        try (var restarted = io.micronaut.context.ApplicationContext.run(
                io.micronaut.runtime.server.EmbeddedServer.class, properties)) {
            JsonNode done = awaitEnd(operation);
            assertEquals("SUCCEEDED", done.get("state").getStringValue(), () -> String.valueOf(done.get("error")));
            assertEquals(5, done.get("done").getLongValue());
        }
    }

    @Test
    void anOperationWhoseServerDiedIsTakenOverOnceItsClaimLapsesAndNotBefore() throws Exception {
        long job = newJob();
        seed(job, 1, 3, 100);
        RunningOperation left = runningArchive(job, "a server that died", Duration.ofSeconds(3));
        long operation = left.id();
        Instant claimLapses = left.claimedUntil();
        JsonNode claimed = admin().get("/api/v1/admin/operations/" + operation).body();
        assertEquals("a server that died", claimed.get("claimedBy").getStringValue(), claimed::toString);
        assertEquals(claimLapses, Instant.parse(claimed.get("claimedUntil").getStringValue()));

        Map<String, Object> properties = new java.util.HashMap<>(getProperties());
        properties.put("runvault.storage.s3.bucket", s3Settings.bucket());
        properties.put("runvault.operations.lease", "500ms");
        try (var survivor = io.micronaut.context.ApplicationContext.run(
                io.micronaut.runtime.server.EmbeddedServer.class, properties)) {
            JsonNode done = awaitEnd(operation);
            assertEquals("SUCCEEDED", done.get("state").getStringValue(), () -> String.valueOf(done.get("error")));
            assertEquals(3, done.get("done").getLongValue());
        }
        JsonNode after = admin().get("/api/v1/admin/operations/" + operation).body();
        assertTrue(after.get("claimedBy").isNull() && after.get("claimedUntil").isNull(), after::toString);
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT updated_at, runner FROM operations WHERE id = ?")) {
            select.setLong(1, operation);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                Instant ended = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                assertFalse(ended.isBefore(claimLapses), "ended " + ended + ", before the claim lapsed at "
                        + claimLapses);
                assertNull(rs.getString(2), "let go of once done");
            }
        }
    }

    @Test
    void adminActionsAreAuditedWithWhoWhatAndOutcome() {
        long job = newJob();
        awaitEnd(admin().post("/api/v1/admin/jobs/" + job + "/archive", "").id());
        admin().post("/api/v1/admin/jobs/999999/archive", "");

        var entries = admin().get("/api/v1/admin/audit?limit=500").body().get("items");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            lines.add(entry.get("actor").getStringValue() + " | " + entry.get("action").getStringValue() + " | "
                    + entry.get("target").getStringValue() + " | " + entry.get("outcome").getStringValue());
            assertNotNull(Instant.parse(entry.get("at").getStringValue()));
        }
        assertTrue(lines.contains("admin | POST /api/v1/admin/jobs/" + job + "/archive | job " + job + " | 202"),
                lines::toString);
        assertTrue(lines.contains("admin | POST /api/v1/admin/jobs/999999/archive | job 999999 | 404 job-not-found"),
                lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("system | ARCHIVE finished | job " + job)
                && line.endsWith("SUCCEEDED")), lines::toString);
        var page = admin().get("/api/v1/admin/audit?limit=1").body();
        assertEquals(1, page.get("items").size());
        assertNotNull(page.get("nextCursor").getStringValue());
    }

    @Test
    void aReaderAskingToWaitIsAnsweredWithTheOperationsEndAndHostileWaitsAre400() throws Exception {
        long job = newJob();
        seed(job, 1, 5, 64);
        long operation = admin().post("/api/v1/admin/jobs/" + job + "/archive", "").id();

        for (String wait : List.of("soon", "5", "-PT1S", "PT30.000000001S", "PT1M", "PT9999999999999999999H",
                "P106751991167300D", "PT5S PT5S")) {
            var refused = admin().get("/api/v1/admin/operations/" + operation + "?wait="
                    + URLEncoder.encode(wait, StandardCharsets.UTF_8));
            assertEquals(400, refused.status(), () -> wait + " → " + refused.raw().body());
            assertEquals("urn:runvault:problem:invalid-request", refused.problemType(), wait);
            assertTrue(refused.contentType().startsWith("application/problem+json"), wait);
            assertTrue(refused.raw().body().contains("\"field\":\"wait\""), () -> refused.raw().body());
        }

        // One request: the answer comes when the operation ends, well before the wait's bound.
        JsonNode ended = admin().get("/api/v1/admin/operations/" + operation + "?wait=PT30S").body();
        assertEquals("SUCCEEDED", ended.get("state").getStringValue(), ended::toString);
        assertEquals(5, ended.get("done").getLongValue());

        // Once ended, at once; an unknown operation is 404 whatever the wait.
        assertEquals("SUCCEEDED", admin().get("/api/v1/admin/operations/" + operation + "?wait=PT30S").body()
                .get("state").getStringValue());
        assertEquals(404, admin().get("/api/v1/admin/operations/987654?wait=PT1S").status());
    }

    @Test
    void unknownOperationsAre404AndLifecycleRulesTheStoreLacksAre501() {
        var missing = admin().get("/api/v1/admin/operations/987654");
        assertEquals(404, missing.status());
        assertEquals("urn:runvault:problem:operation-not-found", missing.problemType());

        var lifecycle = admin().post("/api/v1/admin/storage/lifecycle", "");
        assertEquals(501, lifecycle.status(), () -> lifecycle.raw().body());
        assertEquals("urn:runvault:problem:storage-unsupported", lifecycle.problemType());
        assertTrue(lifecycle.contentType().startsWith("application/problem+json"));
    }

    private long newJob() {
        return admin().post("/api/v1/jobs", "{}").id();
    }

    private JobS3Prefix prefixOf(long job) {
        return new JobS3Prefix(admin().get("/api/v1/jobs/" + job).body().get("storagePrefix").getStringValue());
    }

    private List<Long> runsOf(long job) {
        var items = admin().get("/api/v1/jobs/" + job + "/runs?limit=500").body().get("items");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ids.add(items.get(i).get("id").getLongValue());
        }
        return ids;
    }

    /** {@code runs} runs with {@code perRun} stored results each (stages s000…), objects put in parallel. */
    private List<Seeded> seed(long job, int runs, int perRun, int size) throws Exception {
        String configs = String.join(",", java.util.Collections.nCopies(runs, "{\"config\":{}}"));
        assertEquals(201, admin().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[" + configs + "]}").status());
        JobS3Prefix prefix = prefixOf(job);
        List<Long> runIds = runsOf(job);
        AtomicInteger seedNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Seeded>> puts = new ArrayList<>();
            for (long run : runIds) {
                for (int i = 0; i < perRun; i++) {
                    String stage = String.format("s%03d", i);
                    puts.add(pool.submit(() -> put(job, prefix, run, stage,
                            bytes(size, seedNo.incrementAndGet() + job * 10_000))));
                }
            }
            List<Seeded> objects = new ArrayList<>();
            for (Future<Seeded> put : puts) {
                objects.add(put.get());
            }
            return insertRows(job, objects);
        } finally {
            pool.shutdown();
        }
    }

    private Seeded seedOne(long job, JobS3Prefix prefix, long run, String stage, byte[] body) throws Exception {
        return insertRows(job, List.of(put(job, prefix, run, stage, body))).getFirst();
    }

    private Seeded put(long job, JobS3Prefix prefix, long run, String stage, byte[] body) {
        StorageKey key = prefix.keyFor(ArtifactIdentity.runResults(new JobId(job), new RunId(run), new Stage(stage)));
        return new Seeded(0, key, artifactObjects.putIfAbsent(key, new ByteArrayInputStream(body),
                DeclaredLength.of(body.length)));
    }

    /** The rows the upload use cases would have written, in one batch. */
    private List<Seeded> insertRows(long job, List<Seeded> objects) throws Exception {
        List<Seeded> rows = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO artifacts (job_id, run_id, kind, stage, key, state, size, checksum_algorithm, checksum, seq) "
                        + "VALUES (?, ?, 'run_results', ?, ?, 'STORED', ?, 'SHA256', ?, nextval('artifact_stored_seq')) "
                        + "RETURNING id")) {
            for (Seeded object : objects) {
                // Run and stage back from the key: …/run_{run}_results.zip, or …/stages/{stage}/run_{run}_results.zip.
                String[] parts = object.key().value().split("/");
                String name = parts[parts.length - 1];
                boolean staged = parts[parts.length - 3].equals("stages");
                insert.setLong(1, job);
                insert.setLong(2, Long.parseLong(name.substring("run_".length(), name.indexOf("_results"))));
                insert.setString(3, staged ? parts[parts.length - 2] : "final");
                insert.setString(4, object.key().value());
                insert.setLong(5, object.stored().size());
                insert.setString(6, object.stored().sha256().value());
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    rows.add(new Seeded(rs.getLong(1), object.key(), object.stored()));
                }
            }
        }
        return rows;
    }

    private JsonNode awaitEnd(long operation) {
        return await("operation " + operation + " ends").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> admin().get("/api/v1/admin/operations/" + operation).body(),
                        body -> !body.get("state").getStringValue().equals("RUNNING"));
    }

    private List<StorageKey> keys(StorageTier tier, StoragePrefix prefix) {
        List<StorageKey> all = new ArrayList<>();
        String token = null;
        do {
            StoredKeys.KeyPage page = storage.list(tier, prefix, token);
            all.addAll(page.keys());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.connect(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] fetch(String url) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }
}
