package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.adapters.testing.TcpProxy;
import io.runvault.cli.RunvaultCli;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Every runvault command against the real server: its output, its --json, and each failure as one line and a code. */
@MicronautTest(transactional = false)
class CliCommandsTest extends ServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Inject
    S3Client s3;

    @Inject
    S3Settings s3Settings;

    private record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }

        /** The one line a failure prints. */
        String failure() {
            assertEquals(1, err.lines().count(), "one line: " + err);
            return err.strip();
        }
    }

    private Result run(Map<String, String> env, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = new RunvaultCli(env, home, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result cli(String token, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("RUNVAULT_URL", server.getURI().toString());
        env.put("RUNVAULT_TOKEN", token);
        return run(env, "", args);
    }

    private long newJob(String client) throws Exception {
        Result created = cli(client, "jobs", "create", "--json", "--tag", "cli-commands");
        assertEquals(0, created.exit(), created.err());
        return created.json().get("id").asLong();
    }

    private List<Long> submit(String client, long job, int count) throws Exception {
        Path file = Files.writeString(home.resolve("runs-" + job + ".json"), "[" + "{},".repeat(count - 1) + "{}]");
        Result submitted = cli(client, "runs", "submit", Long.toString(job), "--file", file.toString(), "--json");
        assertEquals(0, submitted.exit(), submitted.err());
        List<Long> runs = new ArrayList<>();
        submitted.json().get("runs").forEach(run -> runs.add(run.get("id").asLong()));
        return runs;
    }

    private long storedResults(String client) throws Exception {
        long job = newJob(client);
        long run = submit(client, job, 1).getFirst();
        Path zip = Files.write(home.resolve("r-" + job + ".zip"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        Result uploaded = cli(issueToken("WORKER", "sim", job, null), "results", "upload", Long.toString(job),
                Long.toString(run), zip.toString(), "--json");
        assertEquals(0, uploaded.exit(), uploaded.err());
        assertEquals("STORED", uploaded.json().get("state").asText(), uploaded.out());
        return job;
    }

    @Test
    void jobsListFollowsEveryPageOrGivesOneWithItsCursor() throws Exception {
        String client = issueToken("CLIENT", "lister", null, null);
        long first = newJob(client);
        long second = newJob(client);
        long third = newJob(client);

        Result all = cli(client, "jobs", "list", "--json");
        assertEquals(0, all.exit(), all.err());
        List<Long> ids = new ArrayList<>();
        all.json().get("items").forEach(job -> ids.add(job.get("id").asLong()));
        assertEquals(List.of(third, second, first), ids);
        assertEquals(3, cli(client, "jobs", "list").out().lines().count());

        Result page = cli(client, "jobs", "list", "--limit", "2", "--json");
        assertEquals(2, page.json().get("items").size());
        String cursor = page.json().get("nextCursor").asText();
        Result rest = cli(client, "jobs", "list", "--limit", "2", "--cursor", cursor);
        assertEquals(0, rest.exit(), rest.err());
        assertTrue(rest.out().startsWith(first + " CREATED "), rest.out());
        Result textPage = cli(client, "jobs", "list", "--limit", "2");
        assertEquals("more: --cursor " + cursor, textPage.err().strip());
    }

    @Test
    void jobsShowAndCancelPrintTheJob() throws Exception {
        String client = issueToken("CLIENT", "canceller", null, null);
        long job = newJob(client);
        submit(client, job, 2);

        Result shown = cli(client, "jobs", "show", Long.toString(job), "--json");
        assertEquals(0, shown.exit(), shown.err());
        assertEquals("CREATED", shown.json().get("status").asText());
        Result cancelled = cli(client, "jobs", "cancel", Long.toString(job));
        assertEquals(0, cancelled.exit(), cancelled.err());
        assertTrue(cancelled.out().startsWith(job + " CANCELLED "), cancelled.out());
        Result watched = cli(client, "jobs", "watch", Long.toString(job), "--json");
        assertEquals(4, watched.exit(), watched.err());
        assertEquals("CANCELLED", watched.json().get("status").asText());
    }

    @Test
    void artifactsListShowsWhatIsStored() throws Exception {
        String client = issueToken("CLIENT", "artifacts", null, null);
        long job = storedResults(client);

        Result listed = cli(client, "artifacts", "list", Long.toString(job), "--json");
        assertEquals(0, listed.exit(), listed.err());
        JsonNode artifact = listed.json().get("items").get(0);
        assertEquals("run_results", artifact.get("kind").asText());
        Result text = cli(client, "artifacts", "list", Long.toString(job), "--state", "STORED");
        assertEquals(artifact.get("id").asText() + " STORED " + artifact.get("key").asText() + " 8 bytes sha256 "
                + artifact.get("sha256").asText(), text.out().strip());
    }

    @Test
    void followingAnOperationGoesOnAfterAGatewayGaveUpOnOneLookAtIt() throws Exception {
        String client = issueToken("CLIENT", "admin-gateway", null, null);
        long job = storedResults(client);

        try (TcpProxy gateway = TcpProxy.to("127.0.0.1", server.getPort())) {
            // The first look at the operation, a GET that waits for its end, is answered 504 by the gateway.
            gateway.timeOutOnceOn("/api/v1/admin/operations/");
            Map<String, String> env = new HashMap<>();
            env.put("RUNVAULT_URL", "http://127.0.0.1:" + gateway.port());
            env.put("RUNVAULT_TOKEN", ADMIN_TOKEN);
            Result archived = run(env, "", "admin", "archive", Long.toString(job), "--json");
            assertEquals(0, archived.exit(), archived.err());
            assertEquals(1, gateway.timedOut());
            assertEquals("SUCCEEDED", archived.json().get("state").asText());
            assertTrue(archived.err().contains(": HTTP 504; asking again in 1 s"), archived.err());
        }
    }

    @Test
    void adminArchivesRestoresAndPurgesWaitingForTheEnd() throws Exception {
        String client = issueToken("CLIENT", "admin-flow", null, null);
        long job = storedResults(client);
        String id = Long.toString(job);

        Result archived = cli(ADMIN_TOKEN, "admin", "archive", id, "--every", "PT0.1S", "--json");
        assertEquals(0, archived.exit(), archived.err());
        assertEquals("SUCCEEDED", archived.json().get("state").asText());
        Result manifest = cli(ADMIN_TOKEN, "admin", "manifest", id, "--json");
        assertEquals("archive", manifest.json().get("items").get(0).get("location").asText());
        Result shown = cli(ADMIN_TOKEN, "admin", "operations", "show", archived.json().get("id").asText());
        assertTrue(shown.out().startsWith("operation " + archived.json().get("id").asText() + " ARCHIVE job " + job
                + " SUCCEEDED 1/1"), shown.out());

        Result restored = cli(ADMIN_TOKEN, "admin", "restore", id, "--every", "PT0.1S");
        assertEquals(0, restored.exit(), restored.err());
        assertTrue(restored.out().strip().endsWith("RESTORE job " + job + " SUCCEEDED 1/1"), restored.out());

        Result started = cli(ADMIN_TOKEN, "admin", "purge", id, "--no-wait", "--json");
        assertEquals(0, started.exit(), started.err());
        assertEquals("PURGE", started.json().get("kind").asText());
        // Whether the first purge has ended by now or not, waiting for it ends well.
        Result purged = cli(ADMIN_TOKEN, "admin", "purge", id, "--every", "PT0.1S");
        assertEquals(0, purged.exit(), purged.err());
        Result again = cli(ADMIN_TOKEN, "admin", "purge", id, "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals("PURGED", again.json().get("state").asText());
        assertEquals("job " + job + " is purged", cli(ADMIN_TOKEN, "admin", "purge", id).out().strip());
        Result gone = cli(client, "jobs", "show", id);
        assertEquals(6, gone.exit());
        assertEquals("runvault: Job was purged: job " + job + " was purged", gone.failure());
    }

    @Test
    void aVerifyThatFindsDriftEndsFailedAndSaysSoInItsExitCode() throws Exception {
        String client = issueToken("CLIENT", "drift", null, null);
        long job = storedResults(client);
        String key = cli(client, "artifacts", "list", Long.toString(job), "--json").json().get("items").get(0)
                .get("key").asText();
        s3.deleteObject(b -> b.bucket(s3Settings.bucket()).key(key));

        Result verified = cli(ADMIN_TOKEN, "admin", "verify", Long.toString(job), "--every", "PT0.1S");
        assertEquals(3, verified.exit(), verified.out() + verified.err());
        assertTrue(verified.out().contains(" VERIFY job " + job + " FAILED "), verified.out());
    }

    @Test
    void runsListAndResultsDownloadSpeakJson() throws Exception {
        String client = issueToken("CLIENT", "json", null, null);
        long job = storedResults(client);

        Result runs = cli(client, "runs", "list", Long.toString(job), "--json");
        assertEquals("DONE", runs.json().get("items").get(0).get("status").asText(), runs.out());
        Path out = home.resolve("downloads-" + job);
        Result downloaded = cli(client, "results", "download", Long.toString(job), "--out", out.toString(), "--json");
        assertEquals(0, downloaded.exit(), downloaded.err());
        JsonNode files = downloaded.json().get("files");
        assertEquals(1, files.size());
        assertTrue(Files.isRegularFile(Path.of(files.get(0).asText())));
    }

    @Test
    void adminIssuesListsAndRevokesTokensAndReadsTheAudit() throws Exception {
        Result issued = cli(ADMIN_TOKEN, "admin", "tokens", "issue", "--label", "laptop", "--role", "CLIENT",
                "--name", "carol", "--json");
        assertEquals(0, issued.exit(), issued.err());
        String secret = issued.json().get("token").asText();
        long id = issued.json().get("id").asLong();
        assertEquals(0, cli(secret, "jobs", "list").exit());

        Result listed = cli(ADMIN_TOKEN, "admin", "tokens", "list", "--json");
        assertTrue(listed.json().get("items").findValuesAsText("label").contains("laptop"), listed.out());
        assertFalse(listed.out().contains(secret), "a list never shows a secret");
        Result revoked = cli(ADMIN_TOKEN, "admin", "tokens", "revoke", Long.toString(id));
        assertEquals("revoked token " + id, revoked.out().strip());

        Result refused = cli(secret, "jobs", "list");
        assertEquals(5, refused.exit());
        assertEquals("runvault: Authentication required: the token is unknown or revoked", refused.failure());

        Result audit = cli(ADMIN_TOKEN, "admin", "audit", "--limit", "50", "--json");
        assertEquals(0, audit.exit(), audit.err());
        assertTrue(audit.json().get("items").findValuesAsText("action").contains("DELETE /api/v1/admin/tokens/" + id),
                audit.out());
    }

    @Test
    void aClientIsRefusedTheAdminArea() {
        Result refused = cli(issueToken("CLIENT", "nosy", null, null), "admin", "audit");
        assertEquals(5, refused.exit());
        assertEquals("runvault: Not allowed: the admin area is for admin tokens only", refused.failure());
    }

    @Test
    void aServerThatIsDownIsANetworkFailureNamingTheUrl() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result down = run(Map.of("RUNVAULT_URL", "http://127.0.0.1:" + port, "RUNVAULT_TOKEN", "rv_x"), "",
                "jobs", "list");
        assertEquals(8, down.exit());
        assertEquals("runvault: cannot reach http://127.0.0.1:" + port + "/: connection refused", down.failure());
    }

    @Test
    void aMissingFileIsNamedBeforeAnythingIsSent() {
        Result missing = cli(issueToken("WORKER", "sim", null, null), "results", "upload", "1", "2", "/nonexistent");
        assertEquals(1, missing.exit());
        assertEquals("runvault: no such file: /nonexistent", missing.failure());
        Result runsFile = cli(issueToken("CLIENT", "c", null, null), "runs", "submit", "1", "--file",
                "/nonexistent.json");
        assertEquals(1, runsFile.exit());
        assertEquals("runvault: no such file: /nonexistent.json", runsFile.failure());
    }

    @Test
    void anUnknownJobIsNotFoundAndAClosedOneAConflict() throws Exception {
        String client = issueToken("CLIENT", "errors", null, null);
        Result unknown = cli(client, "jobs", "show", "987654");
        assertEquals(6, unknown.exit());
        assertEquals("runvault: Job not found: job 987654 does not exist", unknown.failure());

        long job = newJob(client);
        assertEquals(0, cli(client, "jobs", "cancel", Long.toString(job)).exit());
        Path file = Files.writeString(home.resolve("late.json"), "[{}]");
        Result closed = cli(client, "runs", "submit", Long.toString(job), "--file", file.toString());
        assertEquals(7, closed.exit());
        assertTrue(closed.failure().startsWith("runvault: Job takes no more runs: "), closed.err());
    }

    @Test
    void aUsageErrorIsOneLineAndDebugShowsTheStackTrace() {
        Result usage = cli("rv_x", "jobs", "show");
        assertEquals(2, usage.exit());
        assertEquals("runvault: Missing required parameter: '<job>' (see runvault jobs show --help)",
                usage.failure());
        Result debug = cli("rv_x", "results", "upload", "1", "2", "/nonexistent", "--debug");
        assertTrue(debug.err().contains("java.nio.file.NoSuchFileException"), debug.err());
        assertTrue(debug.err().strip().endsWith("runvault: no such file: /nonexistent"), debug.err());
    }

    @Test
    void loginReadsTheTokenFromStdinAndWritesTheConfigForTheOwnerOnly() throws Exception {
        String client = issueToken("CLIENT", "login", null, null);
        Result login = run(Map.of(), client + "\n", "login", server.getURI().toString(), "--json");
        assertEquals(0, login.exit(), login.err());
        Path config = home.resolve(".runvault/config");
        assertEquals(config.toString(), login.json().get("config").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertFalse(login.out().contains(client), "the token is not echoed");

        Result listed = run(Map.of(), "", "jobs", "list", "--json");
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.json().get("items").isArray());
    }

    @Test
    void completionPrintsTheBashScript() {
        Result completion = run(Map.of(), "", "completion");
        assertEquals(0, completion.exit(), completion.err());
        assertTrue(completion.out().startsWith("#!/usr/bin/env bash"), completion.out());
        assertTrue(completion.out().contains("admin"), "subcommands are completed");
    }

    @Test
    void aUsageErrorPointsToHelpThatTheSubcommandAnswers() {
        Result wrong = run(Map.of(), "", "results", "upload", "--no-such-option", "1", "2", "results.zip");
        assertEquals(2, wrong.exit(), wrong.err());
        Matcher hint = Pattern.compile("\\(see (runvault [a-z ]+) --help\\)$").matcher(wrong.failure());
        assertTrue(hint.find(), wrong.err());
        assertEquals("runvault results upload", hint.group(1));

        Result help = run(Map.of(), "", "results", "upload", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: runvault results upload"), help.out());
        assertTrue(help.out().contains("--parallel"), help.out());
        assertTrue(help.out().contains(" 8   the server could not be reached"), "every help lists the exit codes: "
                + help.out());

        Result group = run(Map.of(), "", "admin", "tokens", "-h");
        assertEquals(0, group.exit(), group.err());
        assertTrue(group.out().contains("revoke"), "a group's help lists its subcommands: " + group.out());
    }

    @Test
    void versionNamesTheBuildOnEveryCommand() {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"results", "upload", "-V"})) {
            Result version = run(Map.of(), "", args);
            assertEquals(0, version.exit(), version.err());
            assertTrue(version.out().strip().matches("runvault \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version.out());
        }
    }

    @Test
    void helpListsTheExitCodes() {
        Result help = run(Map.of(), "", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Exit codes:"), help.out());
        assertTrue(help.out().contains(" 8   the server could not be reached"), help.out());
    }
}
