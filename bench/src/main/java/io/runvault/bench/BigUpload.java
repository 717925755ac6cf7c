package io.runvault.bench;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * (g) One large results file three ways to the same S3 server: {@code runvault results upload} (presigned parts in
 * parallel, straight to the store), {@code aws s3 cp} of the same file, and the server-streamed PUT through Runvault.
 */
final class BigUpload extends Scenario {
    private static final long PROCESS_TIMEOUT_MINUTES = 30;

    private final Server server;
    private final URI s3Endpoint;
    private final String accessKey;
    private final String secretKey;

    BigUpload(Settings settings, HttpClient http, Report report, Server server, URI s3Endpoint, String accessKey,
            String secretKey) {
        super(settings, http, report);
        this.server = server;
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
            List<List<String>> rows = new ArrayList<>();
            rows.add(row("runvault results upload --parallel 8 (presigned parts)", size, cli(file)));
            rows.add(row("aws s3 cp (its default multipart settings)", size, awsCopy(file)));
            rows.add(row("PUT …/runs/{runId}/results with Content-Length (server-streamed)", size,
                    serverPut(file, size)));
            table(List.of("path", "MiB", "seconds", "MiB/s"), rows);
        } finally {
            Files.deleteIfExists(file);
        }
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

    private double cli(Path file) throws Exception {
        Path jar = Path.of("cli", "target", "runvault-cli.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B -ntp -DskipTests package");
        }
        JobRun target = newRun();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return timed(List.of(java, "-jar", jar.toString(), "results", "upload", Long.toString(target.job()),
                Long.toString(target.run()), file.toString(), "--parallel", "8"),
                Map.of("RUNVAULT_URL", server.uri("/").toString(), "RUNVAULT_TOKEN", Bench.ADMIN_TOKEN),
                "big-upload-cli.log");
    }

    private double awsCopy(Path file) throws Exception {
        return timed(List.of("aws", "s3", "cp", "--only-show-errors", "--endpoint-url", s3Endpoint.toString(),
                file.toString(), "s3://" + Bench.BUCKET + "/bench-aws/" + UUID.randomUUID() + ".zip"),
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
        return seconds;
    }
}
