package io.runvault.bench;

import static io.runvault.bench.Report.loadAverage;
import static io.runvault.bench.Report.matchOr;
import static io.runvault.bench.Report.readOr;

import io.runvault.devservices.EmbeddedS3Server;
import io.runvault.adapters.out.s3.S3Clients;
import io.runvault.adapters.out.s3.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark harness: starts Runvault from its fat jar against a fresh Postgres database and an S3 server of its own,
 * runs the scenarios asked for ({@link Submissions}, {@link Uploads}, {@link Archival}, {@link Startup},
 * {@link BigUpload}, {@link BurstUploads}) side by side with their floors (plain JDBC, direct AWS SDK writes and
 * copies, {@code aws s3 cp}), and writes
 * the figures to a Markdown report. Every loop is bounded in count and time, and only loopback addresses are used.
 */
public final class Bench {
    /** A fresh admin secret per harness run, handed to the servers it starts. */
    static final String ADMIN_TOKEN = "rv_bench_" + UUID.randomUUID().toString().replace("-", "");
    static final String BUCKET = "bench";
    private static final String ACCESS_KEY = "bench";
    private static final String SECRET_KEY = "bench-secret-" + Long.toHexString(new Random().nextLong());
    private static final Path COMMITTED_RESULTS = Path.of("bench", "RESULTS.md");

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Report report = new Report();

    private Bench(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        new Bench(Settings.parse(args)).run();
    }

    private void run() throws Exception {
        Files.createDirectories(settings.out());
        Path work = Files.createTempDirectory("runvault-bench-");
        String database = "runvault_bench_" + System.currentTimeMillis();
        header();
        String jdbcUrl = createDatabase(database);
        try (EmbeddedS3Server s3 = EmbeddedS3Server.start(work.resolve("s3"), 0, ACCESS_KEY, SECRET_KEY, BUCKET);
                S3Client direct = s3Client(s3)) {
            Map<String, String> external = Map.of(
                    "DATASOURCES_DEFAULT_URL", jdbcUrl,
                    "DATASOURCES_DEFAULT_USERNAME", settings.pgUser(),
                    "DATASOURCES_DEFAULT_PASSWORD", "",
                    "RUNVAULT_STORAGE_S3_BUCKET", BUCKET,
                    "RUNVAULT_STORAGE_S3_ENDPOINT", s3.endpoint().toString(),
                    "RUNVAULT_STORAGE_S3_ACCESS_KEY", ACCESS_KEY,
                    "RUNVAULT_STORAGE_S3_SECRET_KEY", SECRET_KEY,
                    // Given, not assumed: (c)'s CopyObject floor copies as many at once as the server's archive.
                    "RUNVAULT_ARCHIVE_PARALLEL_COPIES", Integer.toString(settings.archiveCopies()));
            // The GC log gives the heap before and after each collection without asking the server.
            Path gcLog = settings.out().resolve("server-gc.log").toAbsolutePath();
            Files.deleteIfExists(gcLog);
            List<String> jvm = new ArrayList<>(launcherDefaults());
            jvm.addAll(List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog));
            jvm.addAll(settings.serverOpts());
            try (Server server = Server.start(settings.jar(), work.resolve("data-main"), external, jvm,
                    settings.out().resolve("server.log"))) {
                server.awaitReady(http, Duration.ofSeconds(60));
                if (settings.runs('a')) {
                    new Submissions(settings, http, report, server, jdbcUrl).run();
                }
                if (settings.runs('b')) {
                    new Uploads(settings, http, report, server, direct, gcLog).run();
                }
                if (settings.runs('c')) {
                    new Archival(settings, http, report, server, direct).run();
                }
                if (settings.runs('e')) {
                    new ZipEntries(settings, http, report, server, direct).run();
                }
                if (settings.runs('f')) {
                    new BatchSubmissions(settings, http, report, server, jdbcUrl).run();
                }
                if (settings.runs('h')) {
                    new BurstUploads(settings, http, report, server, direct).run();
                }
                if (settings.runs('g')) {
                    new BigUpload(settings, http, report, server, gcLog, direct, s3.endpoint(), ACCESS_KEY, SECRET_KEY)
                            .run();
                }
            }
            if (settings.runs('d')) {
                new Startup(settings, http, report, work, external).run();
            }
        } finally {
            dropDatabase(database);
            // Part (b) alone leaves gigabytes of objects in the S3 server's directory.
            deleteTree(work);
        }
        report.line("");
        report.line("Load average after the run (1, 5, 15 min): " + loadAverage()
                + ". Other builds share this machine; figures vary between runs by tens of percent.");
        report.footer();
        Path results = settings.out().resolve("RESULTS.md");
        Files.writeString(results, report.toString());
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + results);
        if (settings.results()) {
            Files.writeString(COMMITTED_RESULTS, report.toString());
            System.out.println("written to " + COMMITTED_RESULTS);
        }
    }

    private void header() throws Exception {
        report.line("# Runvault benchmarks");
        report.line("");
        report.line("Produced by `bench/run` (see bench/README.md); every figure below comes from one run of it.");
        report.line("");
        report.line("## Machine");
        report.line("");
        report.line("- date: " + DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)));
        report.line("- cores (nproc): " + Runtime.getRuntime().availableProcessors());
        report.line("- memory: " + matchOr(readOr(Path.of("/proc/meminfo")), "MemTotal:\\s+(\\d+ kB)", "?"));
        report.line("- CPU: " + matchOr(readOr(Path.of("/proc/cpuinfo")), "model name\\s*:\\s*(.+)", "?"));
        report.line("- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.line("- JDK: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        report.line("- server: `" + settings.jar() + "` in its own JVM; load generator, S3 server (s3proxy, "
                + "filesystem) and Postgres share the same cores, so every figure includes the client's own cost");
        report.line("- load average before the run (1, 5, 15 min): " + loadAverage());
        report.line("- load generator JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        report.line("- server JVM for (a), (b), (c), (e), (f), (g), (h): bin/runvault-server's default options " + launcherDefaults()
                + ", then -Xmx256m, a GC log" + (settings.serverOpts().isEmpty() ? "" : ", " + settings.serverOpts()));
    }

    /** The JVM options bin/runvault-server always passes, read from the script so the two cannot drift apart. */
    private static List<String> launcherDefaults() {
        String script = readOr(Path.of("bin", "runvault-server"));
        if (script.isEmpty()) {
            throw new IllegalStateException("bin/runvault-server not found: run the bench from the repository root");
        }
        String options = matchOr(script, "(?m)^defaults=\"([^\"]*)\"$", "");
        return options.isBlank() ? List.of() : List.of(options.strip().split("\\s+"));
    }

    private String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.pgUrl(), settings.pgUser(), "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            String version = matchOr(c.getMetaData().getDatabaseProductVersion(), "^(\\S+)", "?");
            report.line("- Postgres: " + version + " at `" + settings.pgUrl() + "`, fresh database `" + name
                    + "` (dropped afterwards), migrated by the server's Flyway at start");
        }
        return settings.pgUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    private void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(settings.pgUrl(), settings.pgUser(), "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e.getMessage());
        }
    }

    private static S3Client s3Client(EmbeddedS3Server s3) {
        // The server's own client, built the same way from the same settings: the floor differs only in the path.
        return new S3Clients().s3Client(S3Settings.of(s3.endpoint(), BUCKET, ACCESS_KEY, SECRET_KEY));
    }
}
