package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Results: upload and download. */
@Command(name = "results", description = "Upload and download run results.",
        subcommands = {Results.Upload.class, Results.Download.class, ResultsList.class, ResultsCat.class})
final class Results {
    private static final int ATTEMPTS = 3;

    private Results() {
    }

    /** runvault results upload JOB RUN DIR|ZIP */
    @Command(name = "upload", description = "Upload a run's results: a zip file, or a directory zipped on the fly.")
    static final class Upload extends CliCommand {
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
            if (!Files.exists(source)) {
                throw new NoSuchFileException(source.toString());
            }
            Output output = output();
            RestClient client = client();
            boolean directory = Files.isDirectory(source);
            if (!directory && Files.size(source) > multipartThreshold) {
                JsonNode artifact = new PartedUpload(client, output.notes(), output.terminal(), parallel,
                        cli().debug()).upload(job, run, stage, source);
                output.result(artifact, "stored " + artifact.get("key").asText() + " sha256 "
                        + artifact.get("sha256").asText());
                return 0;
            }
            List<Path> files = directory ? DirectoryZip.files(source) : List.of();
            long size = directory ? DirectoryZip.size(files) : Files.size(source);
            String path = "/api/v1/jobs/" + job + "/runs/" + run + "/results?stage=" + stage;
            for (int attempt = 1; ; attempt++) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                var progress = new Progress("upload " + source.getFileName(), size, output.notes(), output.terminal());
                Supplier<InputStream> body = () -> progress.counting(new DigestInputStream(
                        directory ? DirectoryZip.stream(source, files) : open(source), digest));
                try {
                    // A zip file's length is known; a directory is zipped as it goes, so its length is not.
                    HttpResponse<String> response = client.put(path, body, directory ? -1 : size, "application/zip");
                    progress.finish();
                    JsonNode artifact = RestClient.json(response);
                    String sent = HexFormat.of().formatHex(digest.digest());
                    if (!sent.equals(artifact.get("sha256").asText())) {
                        throw new CliException("the server recorded " + artifact.get("sha256").asText()
                                + " but " + sent + " was sent");
                    }
                    output.result(artifact, (response.statusCode() == 201 ? "stored " : "already stored ")
                            + artifact.get("key").asText() + " sha256 " + sent);
                    return 0;
                } catch (RestClient.TransientFailure e) {
                    if (attempt >= ATTEMPTS) {
                        throw e;
                    }
                    output.notes().println("attempt " + attempt + " failed (" + e.getMessage() + "); retrying");
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
    @Command(name = "download", description = "Download every run's results of a job, in parallel; large files in "
            + "parallel ranged parts, checked against their recorded SHA-256 before they take their place.")
    static final class Download extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Option(names = "--out", defaultValue = ".", description = "target directory (default .)")
        Path out;

        @Option(names = "--parallel", defaultValue = "4", description = "files downloaded at once (default 4)")
        int parallel;

        @Option(names = "--part-parallel", defaultValue = "8",
                description = "ranged GETs at once for a file above the threshold (default 8)")
        int partParallel;

        @Option(names = "--multipart-threshold", defaultValue = "67108864",
                description = "files larger than this many bytes are fetched in ranged parts (default 64 MiB)")
        long multipartThreshold;

        @Option(names = "--part-size", defaultValue = "16777216",
                description = "bytes per ranged part (default 16 MiB)")
        long partSize;

        @Override
        public Integer call() throws Exception {
            Output output = output();
            RestClient client = client();
            var parted = new PartedDownload(client, partParallel, partSize);
            List<JsonNode> items = client.all("/api/v1/jobs/" + job + "/results");
            long total = 0;
            for (JsonNode item : items) {
                total += item.get("size").asLong();
            }
            var progress = new Progress("download job " + job, total, output.notes(), output.terminal());
            Files.createDirectories(out);
            List<Future<Path>> downloads = new ArrayList<>();
            try (var pool = Executors.newFixedThreadPool(Math.max(1, parallel))) {
                for (JsonNode item : items) {
                    downloads.add(pool.submit(() -> fetch(client, parted, item, progress, output)));
                }
                for (Future<Path> download : downloads) {
                    try {
                        download.get();
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception failure ? failure : e;
                    }
                }
            }
            progress.finish();
            ObjectNode summary = RestClient.JSON.createObjectNode().put("jobId", job)
                    .put("directory", out.toAbsolutePath().toString());
            var written = summary.putArray("files");
            downloads.forEach(download -> written.add(download.resultNow().toAbsolutePath().toString()));
            output.result(summary, items.size() + " result files in " + out.toAbsolutePath());
            return 0;
        }

        private Path fetch(RestClient client, PartedDownload parted, JsonNode item, Progress progress,
                Output output) throws Exception {
            Path target = out.resolve("run-" + item.get("runId").asLong()).resolve(item.get("stage").asText()
                    + ".zip");
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            long size = item.get("size").asLong();
            if (size > 0 && size > multipartThreshold) {
                output.notes().println("run " + item.get("runId").asText() + ": " + size + " bytes in "
                        + parted.parts(size) + " ranged parts");
                try {
                    parted.download(item, partial, progress);
                    return verified(item, partial, target, PartedDownload.sha256(partial));
                } catch (Exception e) {
                    Files.deleteIfExists(partial);
                    throw e;
                }
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            URI url = URI.create(item.get("url").asText());
            HttpResponse<InputStream> response;
            try {
                response = client.http(url).send(HttpRequest.newBuilder(url).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw RestClient.unreachable(URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/"), e);
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new CliException("download of run " + item.get("runId").asText() + " failed: HTTP "
                        + response.statusCode(), ExitCode.forStatus(response.statusCode()));
            }
            try (InputStream in = progress.counting(new DigestInputStream(response.body(), digest))) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            return verified(item, partial, target, HexFormat.of().formatHex(digest.digest()));
        }

        /** The partial file takes its place only with the SHA-256 the server recorded; else it is deleted. */
        private static Path verified(JsonNode item, Path partial, Path target, String got) throws IOException {
            if (!got.equals(item.get("sha256").asText())) {
                Files.deleteIfExists(partial);
                throw new CliException("run " + item.get("runId").asText() + ": the downloaded file's SHA-256 is "
                        + got + ", not the recorded " + item.get("sha256").asText() + "; it was not kept");
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
