package io.runvault.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.application.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Presigned multipart uploads end to end: parts PUT in parallel straight to the store, completed under the artifact's
 * write claim, hashed by reading the object back, and recorded only when that hash is the one the client declared.
 */
@MicronautTest(transactional = false)
class MultipartUploadsTest extends ServerTest {
    private static final int PART = 5 << 20;

    private final Random random = new Random(12);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        properties.put("runvault.uploads.multipart-threshold", "6MB");
        properties.put("runvault.uploads.part-size", "5MB");
        properties.put("runvault.uploads.part-urls", "2");
        // Read back in chunks of a part: completed objects of more than one part are hashed from ranged reads.
        properties.put("runvault.storage.s3.part-size", "5MB");
        // One completion in the background at a time, so that a second one finds no place free.
        properties.put("runvault.uploads.background-completions", "1");
        return properties;
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        http.close();
    }

    @Test
    void partsPutInParallelAreRecordedWithTheirSizeAndSha256AndDownloadIdentical() throws Exception {
        long job = newJob();
        long run = newRun(job);
        Api worker = workerFor(job, null);
        byte[] bytes = results(2 * PART + 1234);
        JsonNode upload = request(worker, job, run, bytes.length);
        assertEquals(3, upload.get("partCount").getIntValue());
        assertEquals(PART, upload.get("partSize").getLongValue());
        assertEquals(2, upload.get("parts").size(), "no more URLs at once than configured");
        List<JsonNode> urls = new ArrayList<>(list(upload.get("parts")));
        urls.addAll(morePartUrls(worker, job, upload, 3, 1));
        putParts(urls, bytes);

        var completed = complete(worker, job, upload, Sha256.of(new ByteArrayInputStream(bytes)).value());
        assertEquals(200, completed.status(), completed.raw().body());
        assertEquals("STORED", completed.body().get("state").getStringValue());
        assertEquals(bytes.length, completed.body().get("size").getLongValue());
        assertEquals(Sha256.of(new ByteArrayInputStream(bytes)).value(),
                completed.body().get("sha256").getStringValue());
        assertArrayEquals(bytes, download(upload.get("artifactId").getLongValue()));
    }

    @Test
    void askingAgainResumesTheOpenUploadWithThePartsAlreadyStored() throws Exception {
        long job = newJob();
        long run = newRun(job);
        Api worker = workerFor(job, null);
        byte[] bytes = results(2 * PART + 99);
        JsonNode first = request(worker, job, run, bytes.length);
        putParts(List.of(first.get("parts").get(0)), bytes);

        JsonNode again = request(worker, job, run, bytes.length);
        assertEquals(first.get("uploadId").getStringValue(), again.get("uploadId").getStringValue());
        assertEquals(first.get("artifactId").getLongValue(), again.get("artifactId").getLongValue());
        assertEquals(1, again.get("storedParts").size());
        assertEquals(1, again.get("storedParts").get(0).get("partNumber").getIntValue());
        assertEquals(PART, again.get("storedParts").get(0).get("size").getLongValue());
        assertEquals(List.of(2, 3), list(again.get("parts")).stream()
                .map(p -> p.get("partNumber").getIntValue()).toList(), "URLs only for the missing parts");
        putParts(list(again.get("parts")), bytes);

        var completed = complete(worker, job, again, Sha256.of(new ByteArrayInputStream(bytes)).value());
        assertEquals(200, completed.status(), completed.raw().body());
        assertArrayEquals(bytes, download(again.get("artifactId").getLongValue()));
    }

    @Test
    void aWrongDeclaredChecksumIsRefusedAndNothingIsRecordedOrKept() throws Exception {
        long job = newJob();
        long run = newRun(job);
        Api worker = workerFor(job, null);
        byte[] bytes = results(PART + 10);
        JsonNode upload = request(worker, job, run, bytes.length);
        putParts(list(upload.get("parts")), bytes);

        var refused = complete(worker, job, upload, Sha256.of(new ByteArrayInputStream(new byte[] {1})).value());
        assertEquals(409, refused.status(), refused.raw().body());
        assertEquals("urn:runvault:problem:checksum-mismatch", refused.problemType());
        long artifact = upload.get("artifactId").getLongValue();
        JsonNode row = artifactRow(job, artifact);
        assertEquals("PENDING", row.get("state").getStringValue());
        assertEquals(409, api().get("/api/v1/artifacts/" + artifact + "/download").status(),
                "a pending artifact has nothing to download");

        // The bytes were deleted: the right checksum now finds no object either.
        var late = complete(worker, job, upload, Sha256.of(new ByteArrayInputStream(bytes)).value());
        assertTrue(late.status() >= 400, late.raw().body());
        assertEquals("PENDING", artifactRow(job, artifact).get("state").getStringValue());
    }

    @Test
    void racingCompletersOfOneUploadAreBothToldTheOneStoredArtifact() throws Exception {
        long job = newJob();
        long run = newRun(job);
        Api worker = workerFor(job, null);
        byte[] bytes = results(PART + 77);
        JsonNode upload = request(worker, job, run, bytes.length);
        putParts(list(upload.get("parts")), bytes);
        String sha256 = Sha256.of(new ByteArrayInputStream(bytes)).value();

        var barrier = new CyclicBarrier(2);
        List<Future<Api.Reply>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(pool.submit(() -> {
                barrier.await();
                return complete(worker, job, upload, sha256);
            }));
        }
        for (Future<Api.Reply> racer : racers) {
            Api.Reply reply = racer.get();
            assertEquals(200, reply.status(), reply.raw().body());
            assertEquals(upload.get("artifactId").getLongValue(), reply.body().get("id").getLongValue());
            assertEquals(sha256, reply.body().get("sha256").getStringValue());
        }
        assertArrayEquals(bytes, download(upload.get("artifactId").getLongValue()));
    }

    @Test
    void racingCompletersWithAndWithoutRespondAsyncAreAllToldTheOneStoredArtifact() throws Exception {
        Parted parted = partsPut(PART + 555);
        var barrier = new CyclicBarrier(4);
        List<Future<Api.Reply>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Two ask to be answered asynchronously (waiting up to 30 s for the outcome), two to be held.
            String[] prefer = i % 2 == 0 ? new String[] {"respond-async", "wait=30"} : new String[0];
            racers.add(pool.submit(() -> {
                barrier.await();
                return complete(parted, parted.sha256(), prefer);
            }));
        }
        for (Future<Api.Reply> racer : racers) {
            Api.Reply reply = racer.get();
            assertEquals(200, reply.status(), reply.raw().body());
            assertEquals(parted.artifact(), reply.body().get("id").getLongValue());
            assertEquals(parted.sha256(), reply.body().get("sha256").getStringValue());
        }
        assertArrayEquals(parted.bytes(), download(parted.artifact()));
    }

    @Test
    void aCompleterRacingADirectPutOfOtherBytesLeavesOneWinnerWhoseBytesTheRowDescribes() throws Exception {
        for (int round = 0; round < 4; round++) {
            // A job per round: a job whose only run has its final results completes and takes no more runs.
            long job = newJob();
            Api worker = workerFor(job, null);
            long run = newRun(job);
            byte[] parted = results(PART + 5);
            byte[] direct = results(PART + 6);
            JsonNode upload = request(worker, job, run, parted.length);
            putParts(list(upload.get("parts")), parted);

            var barrier = new CyclicBarrier(2);
            Future<Api.Reply> completer = pool.submit(() -> {
                barrier.await();
                return complete(worker, job, upload, Sha256.of(new ByteArrayInputStream(parted)).value());
            });
            Future<Api.Reply> putter = pool.submit(() -> {
                barrier.await();
                return worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                        .header("Content-Type", "application/zip")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(direct)));
            });
            Api.Reply completed = completer.get();
            Api.Reply put = putter.get();
            boolean partedWon = completed.status() == 200;
            assertEquals(partedWon ? 409 : 201, put.status(), put.raw().body());
            assertEquals(partedWon ? 200 : 409, completed.status(), completed.raw().body());
            byte[] winner = partedWon ? parted : direct;
            long artifact = upload.get("artifactId").getLongValue();
            JsonNode row = artifactRow(job, artifact);
            assertEquals("STORED", row.get("state").getStringValue());
            assertEquals(Sha256.of(new ByteArrayInputStream(winner)).value(), row.get("sha256").getStringValue());
            assertArrayEquals(winner, download(artifact));
        }
    }

    @Test
    void aCompletionAskedToRespondAsyncIsAcceptedAtOnceAndItsOutcomeAnsweredWhenAskedAgain() throws Exception {
        Parted parted = partsPut(PART + 321);
        // As a completion still at work on another server leaves it: the one started here waits for it to lapse.
        holdArtifactClaim(parted.artifact(), 2);

        var accepted = complete(parted, parted.sha256(), "respond-async");
        assertEquals(202, accepted.status(), accepted.raw().body());
        assertEquals("respond-async", accepted.header("Preference-Applied"));
        assertEquals("1", accepted.header("Retry-After"));
        assertEquals("COMPLETING", accepted.body().get("state").getStringValue());
        assertEquals(parted.artifact(), accepted.body().get("artifactId").getLongValue());
        assertEquals("PENDING", artifactRow(parted.job(), parted.artifact()).get("state").getStringValue());

        var answered = askedUntilAnswered(parted, parted.sha256());
        assertEquals(200, answered.status(), answered.raw().body());
        assertEquals("STORED", answered.body().get("state").getStringValue());
        assertEquals(parted.sha256(), answered.body().get("sha256").getStringValue());
        assertNull(answered.header("Preference-Applied"), "an outcome is answered as without the preference");
        assertArrayEquals(parted.bytes(), download(parted.artifact()));
    }

    @Test
    void aRefusalReachedAfterAnAcceptedAnswerIsAnsweredToTheNextAsk() throws Exception {
        Parted parted = partsPut(PART + 77);
        String wrong = Sha256.of(new ByteArrayInputStream(new byte[] {1})).value();
        holdArtifactClaim(parted.artifact(), 2);

        var accepted = complete(parted, wrong, "respond-async");
        assertEquals(202, accepted.status(), accepted.raw().body());
        var refused = askedUntilAnswered(parted, wrong);
        assertEquals(409, refused.status(), refused.raw().body());
        assertEquals("urn:runvault:problem:checksum-mismatch", refused.problemType());
        assertEquals("PENDING", artifactRow(parted.job(), parted.artifact()).get("state").getStringValue());
        assertEquals(409, api().get("/api/v1/artifacts/" + parted.artifact() + "/download").status(),
                "nothing of the refused upload is kept");
    }

    @Test
    void aCompletionThatEndsWithinTheWaitIsAnsweredAsWithoutThePreference() throws Exception {
        Parted parted = partsPut(PART + 5);

        var answered = complete(parted, parted.sha256(), "respond-async, wait=30");
        assertEquals(200, answered.status(), answered.raw().body());
        assertEquals("STORED", answered.body().get("state").getStringValue());
        assertNull(answered.header("Preference-Applied"));
        // Asked again, the stored artifact, as without the preference.
        var again = complete(parted, parted.sha256(), "respond-async, wait=30");
        assertEquals(200, again.status(), again.raw().body());
        assertEquals(answered.body().get("id").getLongValue(), again.body().get("id").getLongValue());
    }

    @Test
    void aCompletionFindingNoPlaceFreeIsAcceptedAndStartsWhenAskedAgainWithOneFree() throws Exception {
        Parted first = partsPut(PART + 11);
        Parted second = partsPut(PART + 13);
        // The only place is taken by a completion that waits for another writer's claim.
        holdArtifactClaim(first.artifact(), 2);
        assertEquals(202, complete(first, first.sha256(), "respond-async").status());

        var queued = complete(second, second.sha256(), "respond-async");
        assertEquals(202, queued.status(), queued.raw().body());
        // Not started while the place is taken: a completion of this size would have stored it well within this.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(
                () -> artifactRow(second.job(), second.artifact()).get("state").getStringValue(), "PENDING"::equals);

        for (Parted parted : List.of(second, first)) {
            var answered = askedUntilAnswered(parted, parted.sha256());
            assertEquals(200, answered.status(), answered.raw().body());
            assertArrayEquals(parted.bytes(), download(parted.artifact()));
        }
    }

    @Test
    void whatTheCallerMayNotCompleteIsRefusedAtOnceRatherThanAccepted() throws Exception {
        Parted parted = partsPut(PART + 9);
        String path = "/api/v1/jobs/" + parted.job() + "/uploads/" + parted.artifact() + "/complete";

        var stranger = complete(workerFor(newJob(), null), parted.job(), parted.upload(), parted.sha256(),
                "respond-async");
        assertEquals(404, stranger.status(), stranger.raw().body());
        assertEquals("urn:runvault:problem:job-not-found", stranger.problemType());
        var noChecksum = parted.worker().post(path, "{\"uploadId\":\""
                + parted.upload().get("uploadId").getStringValue() + "\"}", "Prefer", "respond-async");
        assertEquals(400, noChecksum.status(), noChecksum.raw().body());
        var noUpload = parted.worker().post(path, "{}", "Prefer", "respond-async");
        assertEquals(400, noUpload.status(), noUpload.raw().body());
        assertEquals("PENDING", artifactRow(parted.job(), parted.artifact()).get("state").getStringValue(),
                "nothing was started");

        var completed = complete(parted, parted.sha256());
        assertEquals(200, completed.status(), completed.raw().body());
    }

    @Test
    void aMultipartUploadNeedsItsDeclaredSize() {
        long job = newJob();
        long run = newRun(job);
        var refused = workerFor(job, null).post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"run_results\",\"runId\":" + run + ",\"multipart\":true}");
        assertEquals(400, refused.status(), refused.raw().body());
    }

    private long newJob() {
        return api().post("/api/v1/jobs", "{}").id();
    }

    private long newRun(long job) {
        return api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs").get(0)
                .get("id").getLongValue();
    }

    private JsonNode request(Api worker, long job, long run, long size) {
        var reply = worker.post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"run_results\",\"runId\":" + run + ",\"size\":" + size + multipart(size) + "}");
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.body();
    }

    /** Sizes above the lowered threshold go in parts by themselves; smaller ones ask to. */
    private static String multipart(long size) {
        return size > 6 << 20 ? "" : ",\"multipart\":true";
    }

    private List<JsonNode> morePartUrls(Api worker, long job, JsonNode upload, int from, int count) {
        var reply = worker.post("/api/v1/jobs/" + job + "/uploads/" + upload.get("artifactId").getLongValue()
                + "/parts?uploadId=" + upload.get("uploadId").getStringValue() + "&from=" + from + "&count=" + count,
                "{}");
        assertEquals(200, reply.status(), reply.raw().body());
        return list(reply.body());
    }

    private Api.Reply complete(Api worker, long job, JsonNode upload, String sha256, String... prefer) {
        String[] headers = prefer.length == 0 ? new String[0] : new String[] {"Prefer", String.join(", ", prefer)};
        return worker.post("/api/v1/jobs/" + job + "/uploads/" + upload.get("artifactId").getLongValue()
                + "/complete", "{\"sha256\":\"" + sha256 + "\",\"uploadId\":\""
                + upload.get("uploadId").getStringValue() + "\"}", headers);
    }

    /** A run's results of some size, reserved as a multipart upload by its worker, all parts PUT. */
    private record Parted(long job, Api worker, byte[] bytes, JsonNode upload, long artifact, String sha256) {
    }

    private Parted partsPut(int size) throws Exception {
        long job = newJob();
        Api worker = workerFor(job, null);
        byte[] bytes = results(size);
        JsonNode upload = request(worker, job, newRun(job), bytes.length);
        putParts(list(upload.get("parts")), bytes);
        return new Parted(job, worker, bytes, upload, upload.get("artifactId").getLongValue(),
                Sha256.of(new ByteArrayInputStream(bytes)).value());
    }

    private Api.Reply complete(Parted parted, String sha256, String... prefer) {
        return complete(parted.worker(), parted.job(), parted.upload(), sha256, prefer);
    }

    /** Asks again, as a client told 202 does, until the completion's outcome is answered. */
    private Api.Reply askedUntilAnswered(Parted parted, String sha256) {
        return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(
                () -> complete(parted, sha256, "respond-async", "wait=5"), reply -> reply.status() != 202);
    }


    /** PUTs each part's slice of {@code bytes} to its URL, all at once. */
    private void putParts(List<JsonNode> parts, byte[] bytes) throws Exception {
        List<Future<HttpResponse<String>>> puts = new ArrayList<>();
        for (JsonNode part : parts) {
            int number = part.get("partNumber").getIntValue();
            int from = (number - 1) * PART;
            byte[] slice = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + PART));
            var request = HttpRequest.newBuilder(URI.create(part.get("url").getStringValue()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(slice));
            part.get("headers").entries().forEach(h -> request.header(h.getKey(), h.getValue().getStringValue()));
            puts.add(pool.submit(() -> http.send(request.build(), HttpResponse.BodyHandlers.ofString())));
        }
        for (Future<HttpResponse<String>> put : puts) {
            assertEquals(200, put.get().statusCode(), put.get().body());
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.values().forEach(items::add);
        return items;
    }

    private JsonNode artifactRow(long job, long artifact) {
        for (JsonNode row : api().get("/api/v1/jobs/" + job + "/artifacts?limit=100").body().get("items").values()) {
            if (row.get("id").getLongValue() == artifact) {
                return row;
            }
        }
        throw new AssertionError("artifact " + artifact + " is not listed");
    }

    private byte[] download(long artifact) throws Exception {
        var redirect = api().get("/api/v1/artifacts/" + artifact + "/download");
        assertEquals(302, redirect.status(), redirect.raw().body());
        var response = http.send(HttpRequest.newBuilder(URI.create(redirect.header("Location"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** A zip of at least {@code size} bytes: random content, stored as it is, padded by the zip's own structure. */
    private byte[] results(int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.setLevel(0);
            zip.putNextEntry(new ZipEntry("results.bin"));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
