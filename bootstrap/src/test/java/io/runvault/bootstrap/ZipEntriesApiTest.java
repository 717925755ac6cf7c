package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class ZipEntriesApiTest extends ServerTest {
    private static final byte[] CSV = ("step,infected\n" + java.util.stream.IntStream.range(0, 20_000)
            .mapToObj(step -> step + "," + (step * 7919L % 100_003) + "\n").collect(
                    java.util.stream.Collectors.joining())).getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOISE = new Random(3).ints(50_000).collect(ByteArrayOutputStream::new,
            (out, i) -> out.write(i), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray();

    private static byte[] results() {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("out/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("out/infections.csv"));
            zip.write(CSV);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("out/noise.bin"));
            zip.write(NOISE);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            zip.write(new byte[4 * 1024 * 1024]);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private long storedResults(long job) {
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs")
                .get(0).get("id").getLongValue();
        Api worker = workerFor(job, null);
        var put = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip").PUT(HttpRequest.BodyPublishers.ofByteArray(results())));
        assertEquals(201, put.status(), put.raw().body());
        return put.body().get("id").getLongValue();
    }

    private HttpResponse<byte[]> entry(Api as, long artifact, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(
                as.request("/api/v1/artifacts/" + artifact + "/entries/" + path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void listsAStoredZipsEntriesPageByPage() {
        long artifact = storedResults(api().post("/api/v1/jobs", "{}").id());

        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        do {
            var page = api().get("/api/v1/artifacts/" + artifact + "/entries?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page.raw().body());
            page.body().get("items").values().forEach(entries::add);
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.getStringValue();
        } while (cursor != null);

        assertEquals(List.of("out/", "out/infections.csv", "out/noise.bin", "zeros.bin"),
                entries.stream().map(e -> e.get("name").getStringValue()).toList());
        JsonNode csv = entries.get(1);
        assertEquals(CSV.length, csv.get("size").getLongValue());
        assertTrue(csv.get("compressedSize").getLongValue() < CSV.length);
        assertEquals("deflate", csv.get("method").getStringValue());
        var crc = new java.util.zip.CRC32();
        crc.update(CSV);
        assertEquals(String.format("%08x", crc.getValue()), csv.get("crc32").getStringValue());
    }

    @Test
    void streamsOneEntryInflated() throws Exception {
        long artifact = storedResults(api().post("/api/v1/jobs", "{}").id());

        var csv = entry(api(), artifact, "out/infections.csv");
        assertEquals(200, csv.statusCode());
        assertArrayEquals(CSV, csv.body());
        assertEquals(String.valueOf(CSV.length), csv.headers().firstValue("Content-Length").orElseThrow());
        var noise = entry(api(), artifact, "out/noise.bin");
        assertArrayEquals(NOISE, noise.body());
    }

    @Test
    void refusesMissingEntriesSuspiciousEntriesAndWhatIsNotAZip() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        long artifact = storedResults(job);

        var missing = api().get("/api/v1/artifacts/" + artifact + "/entries/out/none.csv");
        assertEquals(404, missing.status());
        assertEquals("urn:runvault:problem:zip-entry-not-found", missing.problemType());
        var bomb = api().get("/api/v1/artifacts/" + artifact + "/entries/zeros.bin");
        assertEquals(422, bomb.status());
        assertEquals("urn:runvault:problem:zip-entry-unreadable", bomb.problemType());

        long other = api().post("/api/v1/jobs", "{}").id();
        var upload = api().post("/api/v1/jobs/" + other + "/uploads", "{\"kind\":\"job_input\"}");
        long input = upload.body().get("artifactId").getLongValue();
        ArtifactsApiTest.presignedPut(upload.body(), "not a zip at all, just text".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, api().post("/api/v1/jobs/" + other + "/uploads/" + input + "/complete",
                ArtifactsApiTest.completion(upload.body(), null)).status());
        var notZip = api().get("/api/v1/artifacts/" + input + "/entries");
        assertEquals(422, notZip.status());
        assertEquals("urn:runvault:problem:not-a-zip", notZip.problemType());
    }

    @Test
    void whoeverCannotDownloadTheArtifactCannotReadItsEntries() throws Exception {
        long artifact = storedResults(api().post("/api/v1/jobs", "{}").id());
        Api stranger = workerFor(api().post("/api/v1/jobs", "{}").id(), null);

        var list = stranger.get("/api/v1/artifacts/" + artifact + "/entries");
        assertEquals(404, list.status());
        assertEquals("urn:runvault:problem:artifact-not-found", list.problemType());
        assertEquals(404, entry(stranger, artifact, "out/infections.csv").statusCode());
        assertEquals(404, stranger.get("/api/v1/artifacts/" + artifact + "/download").status());
    }
}
