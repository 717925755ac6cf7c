package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.cli.RunvaultCli;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The runvault CLI against the real server: create, submit, upload, download, same bytes. */
@MicronautTest(transactional = false)
class CliFlowTest extends ServerTest {
    @TempDir
    Path home;

    @Inject
    S3Client s3;

    @Inject
    S3Settings s3Settings;

    private CliResult cli(String token, String... args) {
        return cli(home, token, args);
    }

    @Test
    void createSubmitUploadADirectoryAndDownloadTheSameBytes() throws Exception {
        String client = issueToken("CLIENT", "cli-user", null, null);
        CliResult created = cli(client, "jobs", "create", "--tag", "cli");
        assertEquals(0, created.exit(), created.out());
        long job = Long.parseLong(created.out().split(" ")[0]);

        Path runsFile = home.resolve("runs.json");
        Files.writeString(runsFile, "[{\"step\":1},{\"step\":2}]");
        CliResult submitted = cli(client, "runs", "submit", Long.toString(job), "--file", runsFile.toString());
        assertEquals(0, submitted.exit(), submitted.out());
        CliResult again = cli(client, "runs", "submit", Long.toString(job), "--file", runsFile.toString());
        assertEquals(submitted.out(), again.out(), "the same file twice creates the runs once");
        List<Long> runs = submitted.out().lines().map(line -> Long.parseLong(line.split(" ")[0])).toList();
        assertEquals(2, runs.size());

        Path results = Files.createDirectories(home.resolve("out/nested"));
        Files.writeString(results.resolve("metrics.csv"), "a,b\n1,2\n");
        Files.write(home.resolve("out/blob.bin"), new byte[300_000]);
        String worker = issueToken("WORKER", "sim", job, null);
        for (long run : runs) {
            CliResult uploaded = cli(worker, "results", "upload", Long.toString(job), Long.toString(run),
                    home.resolve("out").toString());
            assertEquals(0, uploaded.exit(), uploaded.out());
            assertTrue(uploaded.out().contains("stored jobs/" + job + "/"), uploaded.out());
        }
        CliResult repeated = cli(worker, "results", "upload", Long.toString(job), Long.toString(runs.getFirst()),
                home.resolve("out").toString());
        assertTrue(repeated.out().contains("already stored"), "a directory always zips to the same bytes");

        CliResult watched = cli(client, "jobs", "watch", Long.toString(job), "--every", "PT0.1S");
        assertEquals(0, watched.exit(), watched.out());
        assertTrue(watched.out().contains("COMPLETED: {DONE=2}"), watched.out());

        Path downloads = home.resolve("downloads");
        CliResult downloaded = cli(client, "results", "download", Long.toString(job), "--out", downloads.toString());
        assertEquals(0, downloaded.exit(), downloaded.out());
        for (long run : runs) {
            try (var zip = new ZipInputStream(Files.newInputStream(downloads.resolve("run-" + run + "/final.zip")))) {
                assertEquals("blob.bin", zip.getNextEntry().getName());
                assertArrayEquals(new byte[300_000], zip.readAllBytes());
                assertEquals("nested/metrics.csv", zip.getNextEntry().getName());
                assertEquals("a,b\n1,2\n", new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aZipFileGoesWithItsLengthAsOneObjectAndADirectoryInParts() throws Exception {
        String client = issueToken("CLIENT", "cli-user", null, null);
        long job = Long.parseLong(cli(client, "jobs", "create").out().split(" ")[0]);
        Path runsFile = Files.writeString(home.resolve("two.json"), "[{},{}]");
        List<Long> runs = cli(client, "runs", "submit", Long.toString(job), "--file", runsFile.toString()).out()
                .lines().map(line -> Long.parseLong(line.split(" ")[0])).toList();
        // Past one 8 MiB part, random so that zipping the directory does not shrink it below one.
        byte[] content = new byte[9 << 20];
        new Random(7).nextBytes(content);
        content[0] = 'P';
        content[1] = 'K';
        content[2] = 3;
        content[3] = 4;
        Path zip = Files.write(home.resolve("results.zip"), content);
        Path dir = Files.createDirectories(home.resolve("big"));
        Files.write(dir.resolve("data.bin"), content);
        String worker = issueToken("WORKER", "sim", job, null);

        CliResult fromZip = cli(worker, "results", "upload", Long.toString(job), Long.toString(runs.get(0)),
                zip.toString());
        CliResult fromDir = cli(worker, "results", "upload", Long.toString(job), Long.toString(runs.get(1)),
                dir.toString());
        assertEquals(0, fromZip.exit(), fromZip.out());
        assertEquals(0, fromDir.exit(), fromDir.out());
        // Multipart ETags end in -{parts}: a body sent with its length went to storage as one PutObject.
        assertTrue(!eTagOf(fromZip).contains("-"), "one object: " + eTagOf(fromZip));
        assertTrue(eTagOf(fromDir).endsWith("-2\""), "two parts: " + eTagOf(fromDir));
    }

    private String eTagOf(CliResult upload) {
        String stored = upload.out().lines().filter(line -> line.startsWith("stored ")).findFirst().orElseThrow();
        String key = stored.split(" ")[1];
        return s3.headObject(b -> b.bucket(s3Settings.bucket()).key(key)).eTag();
    }

    @Test
    void aSymlinkLeavingTheDirectoryIsRefusedBeforeAnythingIsSent() throws Exception {
        String client = issueToken("CLIENT", "cli-user", null, null);
        long job = Long.parseLong(cli(client, "jobs", "create").out().split(" ")[0]);
        Path runsFile = Files.writeString(home.resolve("one.json"), "[{}]");
        long run = Long.parseLong(cli(client, "runs", "submit", Long.toString(job), "--file", runsFile.toString())
                .out().split(" ")[0]);
        Path dir = Files.createDirectories(home.resolve("escape"));
        Files.writeString(home.resolve("secret.txt"), "not yours");
        Files.createSymbolicLink(dir.resolve("link.txt"), home.resolve("secret.txt"));

        CliResult refused = cli(issueToken("WORKER", "sim", job, null), "results", "upload", Long.toString(job),
                Long.toString(run), dir.toString());
        assertEquals(1, refused.exit());
        assertEquals("PENDING", api().as(client).get("/api/v1/runs/" + run).body().get("status").getStringValue());
    }

    @Test
    void withoutATokenTheCliSaysWhereToPutOne() {
        var bytes = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = new RunvaultCli(Map.of(), home, System.in, new PrintStream(bytes), new PrintStream(err), false)
                .run("jobs", "create");
        assertEquals(5, exit);
        assertEquals("runvault: no token: run runvault login, pass --token, set RUNVAULT_TOKEN or put token=… in "
                + home.resolve(".runvault/config") + System.lineSeparator(), err.toString());
    }
}
