package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The runvault command: jobs, runs and results through the REST API only. */
@Command(name = "runvault", mixinStandardHelpOptions = true, description = "Runvault command-line client.",
        subcommands = {RunvaultCli.Jobs.class, RunvaultCli.Runs.class, RunvaultCli.Results.class})
public final class RunvaultCli {
    private static final int ATTEMPTS = 3;

    @Option(names = "--url", description = "server URL (else RUNVAULT_URL, ~/.runvault/config, http://localhost:8080)")
    String url;

    @Option(names = "--token", description = "API token (else RUNVAULT_TOKEN or ~/.runvault/config)")
    String token;

    private final Map<String, String> env;
    private final Path home;
    private final PrintStream out;
    private final boolean terminal;

    /** A client reading its settings from {@code env} and {@code home}, printing to {@code out}. */
    public RunvaultCli(Map<String, String> env, Path home, PrintStream out, boolean terminal) {
        this.env = env;
        this.home = home;
        this.out = out;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        var cli = new RunvaultCli(System.getenv(), Path.of(System.getProperty("user.home")), System.out,
                System.console() != null);
        System.exit(cli.run(args));
    }

    /** Runs one command line and returns its exit code; errors are one line on stderr. */
    public int run(String... args) {
        var commandLine = new CommandLine(this);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliException failure) {
                line.getErr().println("runvault: " + failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    RestClient client() {
        return new RestClient(CliConfig.resolve(url, token, env, home));
    }

    /** Jobs: create and watch. */
    @Command(name = "jobs", description = "Create and watch jobs.", subcommands = {Jobs.Create.class, Jobs.Watch.class})
    static final class Jobs {
        @CommandLine.ParentCommand
        RunvaultCli cli;

        /** runvault jobs create --tag a --tag b */
        @Command(name = "create", description = "Create a job; prints its id and storage prefix.")
        static final class Create implements Callable<Integer> {
            @CommandLine.ParentCommand
            Jobs jobs;

            @Option(names = "--tag", description = "a tag (repeatable)")
            List<String> tags = new ArrayList<>();

            @Override
            public Integer call() {
                JsonNode job = jobs.cli.client().post("/api/v1/jobs", Map.of("tags", tags), null);
                jobs.cli.out.println(job.get("id").asText() + " " + job.get("storagePrefix").asText());
                return 0;
            }
        }

        /** runvault jobs watch JOB */
        @Command(name = "watch", description = "Poll a job until it has ended: exit 0 COMPLETED, 3 FAILED, 4 CANCELLED.")
        static final class Watch implements Callable<Integer> {
            @CommandLine.ParentCommand
            Jobs jobs;

            @Parameters(index = "0", description = "job id")
            long job;

            @Option(names = "--every", defaultValue = "PT2S", description = "poll interval (ISO-8601, default PT2S)")
            Duration every;

            @Override
            public Integer call() throws InterruptedException {
                RestClient client = jobs.cli.client();
                String last = null;
                while (true) {
                    // The job's status is what says it has ended; the runs' counts only show the way there.
                    String status = client.get("/api/v1/jobs/" + job).get("status").asText();
                    var counts = new TreeMap<String, Integer>();
                    client.all("/api/v1/jobs/" + job + "/runs").forEach(run -> counts.merge(run.get("status").asText(),
                            1, Integer::sum));
                    String line = "job " + job + " " + status + ": " + counts;
                    if (!line.equals(last)) {
                        jobs.cli.out.println(line);
                        last = line;
                    }
                    switch (status) {
                        case "COMPLETED" -> {
                            return 0;
                        }
                        case "FAILED" -> {
                            return 3;
                        }
                        case "CANCELLED" -> {
                            return 4;
                        }
                        default -> Thread.sleep(every.toMillis());
                    }
                }
            }
        }
    }

    /** Runs: submit and list. */
    @Command(name = "runs", description = "Submit and list runs.", subcommands = {Runs.Submit.class, Runs.ListRuns.class})
    static final class Runs {
        @CommandLine.ParentCommand
        RunvaultCli cli;

        /** runvault runs submit JOB --file runs.json */
        @Command(name = "submit", description = "Submit runs from a JSON file: {\"runs\":[{\"config\":{}}]} or [{...}].")
        static final class Submit implements Callable<Integer> {
            @CommandLine.ParentCommand
            Runs runs;

            @Parameters(index = "0", description = "job id")
            long job;

            @Option(names = "--file", required = true, description = "JSON file with the runs")
            Path file;

            @Override
            public Integer call() throws IOException {
                JsonNode parsed = RestClient.JSON.readTree(file.toFile());
                Object body = parsed.isArray() ? Map.of("runs", toRuns(parsed)) : parsed;
                // The same file for the same job is the same request: resubmitting after a lost answer creates
                // nothing twice.
                String key = "runs-" + job + "-" + sha256(RestClient.write(body));
                JsonNode created = runs.cli.client().post("/api/v1/jobs/" + job + "/runs", body, key);
                created.get("runs").forEach(run -> runs.cli.out.println(run.get("id").asText() + " seq "
                        + run.get("seq").asText() + " " + run.get("status").asText()));
                return 0;
            }

            private static List<Map<String, JsonNode>> toRuns(JsonNode configs) {
                List<Map<String, JsonNode>> list = new ArrayList<>();
                configs.forEach(config -> list.add(Map.of("config", config)));
                return list;
            }
        }

        /** runvault runs list JOB */
        @Command(name = "list", description = "List a job's runs in seq order.")
        static final class ListRuns implements Callable<Integer> {
            @CommandLine.ParentCommand
            Runs runs;

            @Parameters(index = "0", description = "job id")
            long job;

            @Override
            public Integer call() {
                runs.cli.client().all("/api/v1/jobs/" + job + "/runs").forEach(run -> runs.cli.out.println(
                        run.get("id").asText() + " seq " + run.get("seq").asText() + " " + run.get("status").asText()));
                return 0;
            }
        }
    }

    /** Results: upload and download. */
    @Command(name = "results", description = "Upload and download run results.",
            subcommands = {Results.Upload.class, Results.Download.class})
    static final class Results {
        @CommandLine.ParentCommand
        RunvaultCli cli;

        /** runvault results upload JOB RUN DIR|ZIP */
        @Command(name = "upload", description = "Upload a run's results: a zip file, or a directory zipped on the fly.")
        static final class Upload implements Callable<Integer> {
            @CommandLine.ParentCommand
            Results results;

            @Parameters(index = "0", description = "job id")
            long job;

            @Parameters(index = "1", description = "run id")
            long run;

            @Parameters(index = "2", description = "a directory or a .zip file")
            Path source;

            @Option(names = "--stage", defaultValue = "final", description = "stage (default final)")
            String stage;

            @Option(names = "--parallel", defaultValue = "8", description = "parts sent at once (default 8)")
            int parallel;

            @Option(names = "--multipart-threshold", defaultValue = "67108864",
                    description = "zip files larger than this many bytes go in parts (default 64 MiB)")
            long multipartThreshold;

            @Override
            public Integer call() throws Exception {
                RunvaultCli cli = results.cli;
                RestClient client = cli.client();
                boolean directory = Files.isDirectory(source);
                if (!directory && Files.size(source) > multipartThreshold) {
                    JsonNode artifact = new PartedUpload(client, cli.out, cli.terminal, parallel)
                            .upload(job, run, stage, source);
                    cli.out.println("stored " + artifact.get("key").asText() + " sha256 "
                            + artifact.get("sha256").asText());
                    return 0;
                }
                List<Path> files = directory ? DirectoryZip.files(source) : List.of();
                long size = directory ? DirectoryZip.size(files) : Files.size(source);
                String path = "/api/v1/jobs/" + job + "/runs/" + run + "/results?stage=" + stage;
                for (int attempt = 1; ; attempt++) {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    var progress = new Progress("upload " + source.getFileName(), size, cli.out, cli.terminal);
                    Supplier<InputStream> body = () -> progress.counting(new DigestInputStream(
                            directory ? DirectoryZip.stream(source, files) : open(source), digest));
                    try {
                        // A zip file's length is known; a directory is zipped as it goes, so its length is not.
                        HttpResponse<String> response = client.put(path, body, directory ? -1 : size,
                                "application/zip");
                        progress.finish();
                        JsonNode artifact = RestClient.json(response);
                        String sent = HexFormat.of().formatHex(digest.digest());
                        if (!sent.equals(artifact.get("sha256").asText())) {
                            throw new CliException("the server recorded " + artifact.get("sha256").asText()
                                    + " but " + sent + " was sent", 3);
                        }
                        cli.out.println((response.statusCode() == 201 ? "stored " : "already stored ")
                                + artifact.get("key").asText() + " sha256 " + sent);
                        return 0;
                    } catch (RestClient.TransientFailure e) {
                        if (attempt >= ATTEMPTS) {
                            throw e;
                        }
                        cli.out.println("attempt " + attempt + " failed (" + e.getMessage() + "); retrying");
                        Thread.sleep(1000L * attempt);
                    }
                }
            }

            private static InputStream open(Path file) {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        /** runvault results download JOB --out DIR */
        @Command(name = "download", description = "Download every run's results of a job, in parallel.")
        static final class Download implements Callable<Integer> {
            @CommandLine.ParentCommand
            Results results;

            @Parameters(index = "0", description = "job id")
            long job;

            @Option(names = "--out", defaultValue = ".", description = "target directory (default .)")
            Path out;

            @Option(names = "--parallel", defaultValue = "4", description = "downloads at once (default 4)")
            int parallel;

            @Override
            public Integer call() throws Exception {
                RunvaultCli cli = results.cli;
                RestClient client = cli.client();
                List<JsonNode> items = client.all("/api/v1/jobs/" + job + "/results");
                long total = 0;
                for (JsonNode item : items) {
                    total += item.get("size").asLong();
                }
                var progress = new Progress("download job " + job, total, cli.out, cli.terminal);
                Files.createDirectories(out);
                List<Future<Path>> downloads = new ArrayList<>();
                try (var pool = Executors.newFixedThreadPool(Math.max(1, parallel))) {
                    for (JsonNode item : items) {
                        downloads.add(pool.submit(() -> fetch(client, item, progress)));
                    }
                    for (Future<Path> download : downloads) {
                        try {
                            download.get();
                        } catch (ExecutionException e) {
                            throw e.getCause() instanceof CliException failure ? failure : e;
                        }
                    }
                }
                progress.finish();
                cli.out.println(items.size() + " result files in " + out.toAbsolutePath());
                return 0;
            }

            private Path fetch(RestClient client, JsonNode item, Progress progress) throws Exception {
                Path target = out.resolve("run-" + item.get("runId").asLong()).resolve(item.get("stage").asText()
                        + ".zip");
                Files.createDirectories(target.getParent());
                Path partial = target.resolveSibling(target.getFileName() + ".part");
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                HttpResponse<InputStream> response = client.http().send(
                        HttpRequest.newBuilder(URI.create(item.get("url").asText())).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    throw new CliException("download of run " + item.get("runId").asText() + " failed: HTTP "
                            + response.statusCode());
                }
                try (InputStream in = progress.counting(new DigestInputStream(response.body(), digest))) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                String got = HexFormat.of().formatHex(digest.digest());
                if (!got.equals(item.get("sha256").asText())) {
                    Files.deleteIfExists(partial);
                    throw new CliException("run " + item.get("runId").asText() + ": got " + got + ", expected "
                            + item.get("sha256").asText(), 3);
                }
                return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
