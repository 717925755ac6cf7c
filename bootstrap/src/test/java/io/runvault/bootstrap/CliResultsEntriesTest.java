package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runvault results ls} and {@code cat} read one run's results zip through the entry endpoints. */
@MicronautTest(transactional = false)
class CliResultsEntriesTest extends ServerTest {
    private static final String METRICS = "step,infected\n1,3\n2,9\n";

    @TempDir
    Path home;

    private CliResult cli(String token, String... args) {
        return cli(home, token, args);
    }

    private static byte[] results() {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("out/metrics.csv"));
            zip.write(METRICS.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("out/with space.txt"));
            zip.write("spaced".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void listsAndPrintsFilesOfARunsResults() {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs")
                .get(0).get("id").getLongValue();
        Api worker = workerFor(job, null);
        assertEquals(201, worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(results()))).status());
        String token = issueToken("CLIENT", "alice", null, null);

        CliResult ls = cli(token, "results", "ls", Long.toString(job), Long.toString(run));
        assertEquals(0, ls.exit(), ls.out());
        assertTrue(ls.out().contains("out/metrics.csv") && ls.out().contains("out/with space.txt"), ls.out());
        assertTrue(ls.out().contains(Integer.toString(METRICS.length())), ls.out());

        CliResult cat = cli(token, "results", "cat", Long.toString(job), Long.toString(run), "out/metrics.csv");
        assertEquals(0, cat.exit());
        assertEquals(METRICS, cat.out());
        assertEquals("spaced", cli(token, "results", "cat", Long.toString(job), Long.toString(run),
                "out/with space.txt").out());

        CliResult missing = cli(token, "results", "cat", Long.toString(job), Long.toString(run), "out/none.csv");
        assertEquals(6, missing.exit(), "not found");
        CliResult noResults = cli(token, "results", "ls", Long.toString(job), Long.toString(run + 1000));
        assertEquals(6, noResults.exit(), "not found");
    }
}
