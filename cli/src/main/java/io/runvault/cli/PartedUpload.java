package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A large file uploaded as a multipart upload: its parts go straight to the store through presigned URLs, several at
 * once. Run again after a crash, it resumes: the server hands back the same upload and the parts the store holds,
 * and those whose bytes match the file (their ETag is the part's MD5) are not sent again. The server records the
 * upload only once its own read-back hash equals the SHA-256 computed here.
 */
final class PartedUpload {
    private static final int PART_ATTEMPTS = 3;
    /** A URL this close to expiry is asked for again rather than used. */
    private static final Duration URL_MARGIN = Duration.ofSeconds(30);
    private static final int DIGEST_BLOCK = 1 << 20;
    /**
     * The server stores the upload only once it has read the whole object back and hashed it, which lasts as long as
     * the file takes to read, like a streamed upload of it.
     */
    private static final Duration COMPLETE_TIMEOUT = Duration.ofHours(12);
    /**
     * How long one {@code complete} call waits for the outcome before the server answers 202: well under the 60 s
     * after which proxies in front of servers commonly give up on a quiet request.
     */
    private static final Duration COMPLETE_WAIT = Duration.ofSeconds(20);
    /** How often {@code complete} may fail on the network or with a 5xx in a row before the upload gives up. */
    private static final int COMPLETE_FAILURES_IN_A_ROW = 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a part may take from the first byte sent to the store's answer. */
    private static final Duration PART_TIMEOUT = Duration.ofHours(1);

    private final RestClient client;
    private final PrintStream out;
    private final boolean terminal;
    private final int parallel;
    private final boolean debug;
    private final Map<Integer, JsonNode> urls = new HashMap<>();
    private String base;
    private String uploadId;
    private int batch;

    PartedUpload(RestClient client, PrintStream out, boolean terminal, int parallel, boolean debug) {
        if (parallel < 1) {
            throw new CliException("--parallel must be at least 1", ExitCode.USAGE);
        }
        this.client = client;
        this.out = out;
        this.terminal = terminal;
        this.parallel = parallel;
        this.debug = debug;
    }

    /** Uploads {@code file} as the run's results at {@code stage}; returns the artifact the server recorded. */
    JsonNode upload(long job, long run, String stage, Path file) throws Exception {
        long size = Files.size(file);
        // The whole file's SHA-256 is needed only to complete: it is computed beside the parts' upload, not before.
        var hashing = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "runvault-sha256");
            thread.setDaemon(true);
            return thread;
        });
        Future<String> wholeFile = hashing.submit(() -> hex(digest(file, 0, size, "SHA-256")));
        hashing.shutdown();
        try {
            return upload(job, run, stage, file, size, wholeFile);
        } finally {
            wholeFile.cancel(true);
        }
    }

    private JsonNode upload(long job, long run, String stage, Path file, long size, Future<String> wholeFile)
            throws Exception {
        long started = System.nanoTime();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("kind", "run_results");
        request.put("runId", run);
        request.put("stage", stage);
        request.put("size", size);
        request.put("multipart", true);
        JsonNode upload = client.post("/api/v1/jobs/" + job + "/uploads", request, null);
        uploadId = upload.get("uploadId").asText();
        base = "/api/v1/jobs/" + job + "/uploads/" + upload.get("artifactId").asLong();
        long partSize = upload.get("partSize").asLong();
        int partCount = upload.get("partCount").asInt();
        upload.get("parts").forEach(part -> urls.put(part.get("partNumber").asInt(), part));
        batch = Math.max(1, upload.get("parts").size());

        var progress = new Progress("upload " + file.getFileName(), size, out, terminal);
        List<Integer> missing = new ArrayList<>();
        Map<Integer, JsonNode> stored = new HashMap<>();
        upload.get("storedParts").forEach(part -> stored.put(part.get("partNumber").asInt(), part));
        for (int number = 1; number <= partCount; number++) {
            long offset = (number - 1) * partSize;
            long length = Math.min(partSize, size - offset);
            if (alreadyStored(stored.get(number), file, offset, length)) {
                progress.add(length);
            } else {
                missing.add(number);
            }
        }
        if (missing.size() < partCount) {
            out.println("resuming: " + (partCount - missing.size()) + " of " + partCount + " parts already stored");
        }
        long sending = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int number : missing) {
                long offset = (number - 1) * partSize;
                long length = Math.min(partSize, size - offset);
                puts.add(pool.submit(() -> {
                    put(number, file, offset, length, progress);
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                try {
                    put.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new CliException("a part failed: " + e.getCause().getMessage(), ExitCode.NETWORK);
                }
            }
        }
        progress.finish();
        long sent = System.nanoTime();
        String sha256;
        try {
            sha256 = wholeFile.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        long hashed = System.nanoTime();
        JsonNode artifact = complete(sha256);
        if (debug) {
            out.printf(Locale.ROOT, "timings: start %.3f s, %d parts %.3f s, SHA-256 waited for %.3f s, "
                            + "complete %.3f s%n",
                    seconds(started, sending), missing.size(), seconds(sending, sent), seconds(sent, hashed),
                    seconds(hashed, System.nanoTime()));
        }
        if (!sha256.equals(artifact.get("sha256").asText())) {
            throw new CliException("the server recorded " + artifact.get("sha256").asText() + " but " + sha256
                    + " was sent");
        }
        return artifact;
    }

    /**
     * Asks the server to complete the upload until it answers with the artifact. Each call asks to be answered 202
     * rather than held past {@link #COMPLETE_WAIT} while the server goes on with the completion; asked again, the
     * server answers the outcome once there is one. A server that holds the call anyway may see a proxy in front of it
     * give up; asked again, it answers the recorded artifact once the first call has stored it, or 409
     * concurrent-change while that call is still at work.
     */
    private JsonNode complete(String sha256) throws InterruptedException {
        Map<String, Object> body = Map.of("uploadId", uploadId, "sha256", sha256);
        return new AskAgain("complete", COMPLETE_FAILURES_IN_A_ROW, out).call(
                left -> client.postRespondAsync(base + "/complete", body, COMPLETE_WAIT, left),
                e -> e instanceof RestClient.StillAtWork || e.is("concurrent-change"), COMPLETE_TIMEOUT);
    }

    /** A stored part counts only if it is as long as the file's slice and its ETag is that slice's MD5. */
    private static boolean alreadyStored(JsonNode part, Path file, long offset, long length) throws IOException {
        if (part == null || part.get("size").asLong() != length) {
            return false;
        }
        String eTag = part.get("eTag").asText().replace("\"", "");
        return eTag.equalsIgnoreCase(hex(digest(file, offset, length, "MD5")));
    }

    private void put(int number, Path file, long offset, long length, Progress progress) throws Exception {
        for (int attempt = 1; ; attempt++) {
            JsonNode url = urlFor(number);
            String failure;
            try {
                FileSlicePut.Answer answer = send(url, file, offset, length);
                if (answer.status() == 200) {
                    progress.add(length);
                    return;
                }
                failure = "HTTP " + answer.status() + " " + answer.body();
                if (answer.status() < 500 && answer.status() != 403) {
                    throw new CliException("part " + number + " was refused: " + failure,
                            ExitCode.forStatus(answer.status()));
                }
            } catch (IOException | UncheckedIOException e) {
                failure = e.getMessage();
            }
            if (attempt >= PART_ATTEMPTS) {
                throw new RestClient.TransientFailure("part " + number + " failed " + attempt + " times: " + failure,
                        ExitCode.NETWORK);
            }
            synchronized (this) {
                urls.remove(number);
            }
            Thread.sleep(500L * attempt);
        }
    }

    /** Over plain http the file's slice goes to the socket from the kernel; over https through the JDK's client. */
    private FileSlicePut.Answer send(JsonNode url, Path file, long offset, long length) throws Exception {
        URI target = URI.create(url.get("url").asText());
        Map<String, String> headers = new LinkedHashMap<>();
        url.get("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        if (FileSlicePut.handles(target)) {
            return FileSlicePut.put(target, headers, file, offset, length, CONNECT_TIMEOUT, PART_TIMEOUT);
        }
        var request = HttpRequest.newBuilder(target)
                .timeout(PART_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> slice(file, offset, length)), length));
        headers.forEach(request::header);
        HttpResponse<String> response = client.http(target).send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return new FileSlicePut.Answer(response.statusCode(), response.body());
    }

    /** Part URLs are asked for in batches, just before they are needed, so none expires waiting its turn. */
    private synchronized JsonNode urlFor(int number) {
        JsonNode url = urls.get(number);
        if (url == null || Instant.parse(url.get("expiresAt").asText()).isBefore(Instant.now().plus(URL_MARGIN))) {
            JsonNode fresh = client.post(base + "/parts?uploadId=" + URLEncoder.encode(uploadId,
                    StandardCharsets.UTF_8) + "&from=" + number + "&count=" + batch, "{}", null);
            fresh.forEach(part -> urls.put(part.get("partNumber").asInt(), part));
            url = urls.get(number);
        }
        return url;
    }

    private static InputStream slice(Path file, long offset, long length) {
        try {
            SeekableByteChannel channel = Files.newByteChannel(file);
            channel.position(offset);
            return new Limited(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read in large blocks: the digest is then the cost, not the reads (the intrinsics hash a block at once). */
    private static byte[] digest(Path file, long offset, long length, String algorithm) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(DIGEST_BLOCK, Math.max(length, 1)));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long read = 0;
            while (read < length) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - read));
                int n = channel.read(buffer, offset + read);
                if (n < 0) {
                    throw new EOFException(file + " ended before byte " + (offset + length));
                }
                buffer.flip();
                digest.update(buffer);
                read += n;
            }
        }
        return digest.digest();
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** At most {@code remaining} bytes of the stream. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
