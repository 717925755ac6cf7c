package io.runvault.bench;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (g) One large results file three ways to the same S3 server: {@code runvault results upload} (presigned parts in
 * parallel, straight to the store), {@code aws s3 cp} of the same file, and the server-streamed PUT through Runvault.
 * The CLI runs as users run it, through bin/runvault, with the AOT cache its first command (the warm-up's) records.
 */
final class BigUpload extends Scenario {
    private static final long PROCESS_TIMEOUT_MINUTES = 30;

    /** The CLI's heap limit: a large upload must fit in it whatever the file's size. */
    private static final String CLI_HEAP = "256m";
    /** The unreported upload before the first round: large enough for many parts, short next to a round. */
    private static final long WARM_UP_BYTES = 256L << 20;
    /** "stored KEY sha256 …" as the CLI prints it, or the "key" of the server's answer. */
    private static final Pattern STORED_KEY = Pattern.compile("stored (\\S+) sha256|\"key\"\\s*:\\s*\"([^\"]+)\"");
    /** How long the launcher may take to make its AOT cache after the warm-up's command exits. */
    private static final Duration CACHE_WAIT = Duration.ofSeconds(60);
    private static final Pattern TIMINGS = Pattern.compile(
            "timings: start ([0-9.]+) s, (\\d+) parts ([0-9.]+) s, SHA-256 waited for ([0-9.]+) s, complete ([0-9.]+) s");

    private final Server server;
    private final Path gcLog;
    private final S3Client direct;
    private final URI s3Endpoint;
    private final String accessKey;
    private final String secretKey;

    BigUpload(Settings settings, HttpClient http, Report report, Server server, Path gcLog, S3Client direct,
            URI s3Endpoint, String accessKey, String secretKey) {
        super(settings, http, report);
        this.server = server;
        this.gcLog = gcLog;
        this.direct = direct;
        this.s3Endpoint = s3Endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    void run() throws Exception {
        long size = settings.bigUploadBytes();
        section("(g) " + (size >> 20) + " MiB results file: parallel presigned parts vs aws s3 cp vs server PUT");
        Path file = Files.createTempFile("runvault-bench-big-", ".zip");
        try {
            try (InputStream body = new GeneratedZip(size, 17)) {
                Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            }
            // On disk before any round: the first would otherwise upload while the kernel writes the new file out.
            try (FileChannel written = FileChannel.open(file, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            warmUp();
            // The paths alternate within each round, so a machine that slows down for a while slows them alike.
            int rounds = settings.bigUploadRounds();
            List<CliRun> clis = new ArrayList<>();
            List<Double> cliSeconds = new ArrayList<>();
            List<Double> awsSeconds = new ArrayList<>();
            List<Double> putSeconds = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                CliRun cli = cli(file);
                deleteLarge(storedKey(Files.readString(log("big-upload-cli.log"))));
                String awsKey = "bench-aws/" + UUID.randomUUID() + ".zip";
                double aws = awsCopy(file, awsKey);
                deleteLarge(awsKey);
                double put = serverPut(file, size);
                clis.add(cli);
                cliSeconds.add(cli.seconds());
                awsSeconds.add(aws);
                putSeconds.add(put);
                ratios.add(aws / cli.seconds());
                rows.add(row("round " + round + ": runvault results upload --parallel 8 (presigned parts)", size,
                        cli.seconds()));
                rows.add(row("round " + round + ": aws s3 cp (its default multipart settings)", size, aws));
                rows.add(row("round " + round + ": PUT …/runs/{runId}/results with Content-Length (server-streamed)",
                        size, put));
            }
            rows.add(row("median: runvault results upload --parallel 8", size, Measure.medianOf(cliSeconds)));
            rows.add(row("median: aws s3 cp", size, Measure.medianOf(awsSeconds)));
            rows.add(row("median: PUT …/runs/{runId}/results", size, Measure.medianOf(putSeconds)));
            table(List.of("path", "MiB", "seconds", "MiB/s"), rows);
            line("");
            line(String.format(Locale.ROOT, "Before the first round, one unreported %d MiB file went through the "
                    + "CLI and through aws s3 cp, so neither meets the S3 server's multipart path, or Runvault's, "
                    + "before the JIT compiled them. The CLI ran as bin/runvault runs it, with the AOT cache that "
                    + "the warm-up's command recorded.", Math.min(WARM_UP_BYTES, size) >> 20));
            line("");
            line(String.format(Locale.ROOT, "aws s3 cp / runvault results upload, per round: %s.",
                    ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList()));
            for (int round = 0; round < clis.size(); round++) {
                line("");
                line("Round " + (round + 1) + ". " + clis.get(round).phases());
                line("");
                line(clis.get(round).heap());
            }
            verdict("(g) runvault results upload vs aws s3 cp, median of " + rounds + " rounds",
                    Measure.medianOf(ratios), 1.0, true);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A smaller file through the CLI and aws s3 cp first, unreported: the S3 server runs in this JVM, and the first
     * upload measured would otherwise meet its multipart path, and the server's, before the JIT had compiled them.
     */
    private void warmUp() throws Exception {
        Path warm = Files.createTempFile("runvault-bench-warm-", ".zip");
        try {
            try (InputStream body = new GeneratedZip(Math.min(WARM_UP_BYTES, settings.bigUploadBytes()), 18)) {
                Files.copy(body, warm, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(cliCache());
            cli(warm);
            deleteLarge(storedKey(Files.readString(log("big-upload-cli.log"))));
            // The launcher makes the cache in the background once the command has exited: the first round waits
            // for it rather than record one of its own.
            long deadline = System.nanoTime() + CACHE_WAIT.toNanos();
            while (!Files.exists(cliCache()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!Files.exists(cliCache())) {
                throw new IllegalStateException("bin/runvault made no AOT cache at " + cliCache() + " within "
                        + CACHE_WAIT.toSeconds() + " s of its first command");
            }
            String awsKey = "bench-aws/" + UUID.randomUUID() + ".zip";
            awsCopy(warm, awsKey);
            deleteLarge(awsKey);
        } finally {
            Files.deleteIfExists(warm);
        }
    }

    /**
     * Each upload's object goes once measured: a few copies of a 10 GiB file would fill the disk. By its key, not by
     * listing the bucket: the filesystem store reads every object's attributes for each page of a listing, and the
     * parts before this one leave tens of thousands of objects.
     */
    private void deleteLarge(String key) {
        direct.deleteObject(b -> b.bucket(Bench.BUCKET).key(key));
    }

    /** The key the CLI or the server reported storing. */
    private static String storedKey(String answer) {
        Matcher m = STORED_KEY.matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("no stored key in: " + answer);
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static List<String> row(String path, long size, double seconds) {
        return List.of(path, Long.toString(size >> 20), String.format(Locale.ROOT, "%.1f", seconds),
                String.format(Locale.ROOT, "%.1f", (size / (double) (1 << 20)) / seconds));
    }

    private record JobRun(long job, long run) {
    }

    private JobRun newRun() throws Exception {
        long job = id(send(server.post("/api/v1/jobs", "{\"tags\":[\"bench-big-upload\"]}"), 201));
        return new JobRun(job, id(send(server.post("/api/v1/jobs/" + job + "/runs",
                "{\"runs\":[{\"config\":{}}]}"), 201)));
    }

    /** The CLI's upload: its time, the phases it reported and the heap of both JVMs meanwhile. */
    private record CliRun(double seconds, String phases, String heap) {
    }

    /**
     * The CLI under {@value #CLI_HEAP} of heap with a GC log of its own; the server's live heap from a full
     * collection forced just before the upload and just after it, and its largest occupancy in between.
     */
    private CliRun cli(Path file) throws Exception {
        Path jar = Path.of("cli", "target", "runvault-cli.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B -ntp -DskipTests package");
        }
        JobRun target = newRun();
        Path cliGc = log("big-upload-cli-gc.log").toAbsolutePath();
        Files.deleteIfExists(cliGc);
        long serverPid = server.jvmPid();
        GcLog.forceFull(serverPid);
        List<String> before = GcLog.lines(gcLog);
        double seconds = timed(List.of(Path.of("bin", "runvault").toAbsolutePath().toString(),
                        "results", "upload", Long.toString(target.job()), Long.toString(target.run()),
                        file.toString(), "--parallel", "8", "--debug"),
                Map.of("RUNVAULT_URL", server.uri("/").toString(), "RUNVAULT_TOKEN", Bench.ADMIN_TOKEN,
                        "JAVA_HOME", System.getProperty("java.home"),
                        "RUNVAULT_CLI_AOT_CACHE", cliCache().toString(),
                        "RUNVAULT_CLI_JAVA_OPTS", "-Xmx" + CLI_HEAP + " -Xlog:gc:file=" + cliGc),
                "big-upload-cli.log");
        GcLog.forceFull(serverPid);
        List<String> after = GcLog.lines(gcLog);
        List<String> during = after.subList(Math.min(before.size(), after.size()), Math.max(after.size() - 1, 0));
        List<String> cliCollections = GcLog.lines(cliGc);
        String serverDuring = during.isEmpty()
                ? "no collection while the upload ran, so its heap never filled"
                : String.format(Locale.ROOT, "at most %d MiB in use when one of its %d collections during the "
                        + "upload started, %d MiB after one", GcLog.max(during, 1), during.size(),
                        GcLog.max(during, 2));
        String heap = String.format(Locale.ROOT, "Heap: the CLI (-Xmx%s) at most **%d MiB** in use when one of its %d "
                        + "collections started, at most **%d MiB** after one. The server (-Xmx256m): **%d MiB** live "
                        + "before the upload and **%d MiB** after it (full collections forced then), %s.",
                CLI_HEAP, GcLog.max(cliCollections, 1), cliCollections.size(), GcLog.max(cliCollections, 2),
                before.isEmpty() ? -1 : GcLog.heapAround(before.getLast(), 2),
                after.isEmpty() ? -1 : GcLog.heapAround(after.getLast(), 2), serverDuring);
        Matcher m = TIMINGS.matcher(Files.readString(log("big-upload-cli.log")));
        String phases = !m.find() ? "The CLI reported no timings." : String.format(Locale.ROOT,
                "The CLI's phases: %s s to start the upload, %s parts sent in **%s s**, %s s more waiting for its "
                        + "SHA-256 of the file, `complete` (the server completes the upload and hashes what the "
                        + "store holds) **%s s**.", m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
        return new CliRun(seconds, phases, heap);
    }

    /** The CLI's AOT cache, the bench's own: each run records it afresh from its warm-up. */
    private Path cliCache() {
        return log("runvault-cli.aot").toAbsolutePath();
    }

    private double awsCopy(Path file, String key) throws Exception {
        return timed(List.of("aws", "s3", "cp", "--only-show-errors", "--endpoint-url", s3Endpoint.toString(),
                file.toString(), "s3://" + Bench.BUCKET + "/" + key),
                Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey,
                        "AWS_DEFAULT_REGION", "us-east-1"),
                "big-upload-aws.log");
    }

    private double timed(List<String> command, Map<String, String> environment, String logName) throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(logName).toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(PROCESS_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.getFirst() + " took over " + PROCESS_TIMEOUT_MINUTES + " min");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 3)) + " exited "
                    + process.exitValue() + "; see " + log(logName));
        }
        return seconds;
    }

    /** The body in 1 MiB writes with HttpURLConnection, as in (b). */
    private double serverPut(Path file, long size) throws Exception {
        JobRun target = newRun();
        var connection = (HttpURLConnection) server.uri("/api/v1/jobs/" + target.job() + "/runs/"
                + target.run() + "/results").toURL().openConnection();
        long started = System.nanoTime();
        int status;
        String answer;
        try {
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(1_800_000);
            connection.setRequestProperty("Authorization", "Bearer " + Bench.ADMIN_TOKEN);
            connection.setRequestProperty("Content-Type", "application/zip");
            connection.setFixedLengthStreamingMode(size);
            try (var out = connection.getOutputStream(); InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
            status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (status != 201) {
            throw new IllegalStateException("server PUT answered " + status + ": " + answer);
        }
        deleteLarge(storedKey(answer));
        return seconds;
    }
}
