package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A large result fetched as ranged GETs of its presigned URL, several at once, each part written at its offset into
 * the partial file; the caller moves it into place only after {@link #sha256} matches the recorded checksum. A part
 * that fails is fetched again a bounded number of times, with a fresh URL when the store refuses the old one. Memory
 * is one buffer per part in flight, whatever the size of the file.
 */
final class PartedDownload {
    private static final int PART_ATTEMPTS = 3;
    private static final int BUFFER = 256 * 1024;
    private static final int PARTIAL_CONTENT = 206;
    private static final int RANGE_NOT_SATISFIABLE = 416;
    /** A URL this close to expiry is asked for again rather than used. */
    private static final Duration URL_MARGIN = Duration.ofSeconds(30);

    private final RestClient client;
    private final int parallel;
    private final long partSize;

    PartedDownload(RestClient client, int parallel, long partSize) {
        if (parallel < 1) {
            throw new CliException("--parallel must be at least 1", ExitCode.USAGE);
        }
        if (partSize < 1) {
            throw new CliException("--part-size must be at least 1", ExitCode.USAGE);
        }
        this.client = client;
        this.parallel = parallel;
        this.partSize = partSize;
    }

    /** How many parts a file of {@code size} bytes is fetched in. */
    long parts(long size) {
        return Math.max(1, (size + partSize - 1) / partSize);
    }

    /** Fetches the result {@code item} of a job's results listing into {@code partial}, part by part. */
    void download(JsonNode item, Path partial, Progress progress) throws Exception {
        long size = item.get("size").asLong();
        var link = new Link(item);
        long parts = parts(size);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                ExecutorService pool = Executors.newFixedThreadPool((int) Math.min(parallel, parts))) {
            List<Future<?>> fetches = new ArrayList<>();
            for (long part = 0; part < parts; part++) {
                long offset = part * partSize;
                long length = Math.min(partSize, size - offset);
                long number = part + 1;
                fetches.add(pool.submit(() -> {
                    fetch(link, number, parts, offset, length, channel, progress);
                    return null;
                }));
            }
            for (Future<?> fetch : fetches) {
                try {
                    fetch.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new CliException(link.run + ": a part failed: " + e.getCause().getMessage(),
                            ExitCode.NETWORK);
                }
            }
            channel.force(false);
        }
    }

    private void fetch(Link link, long number, long parts, long offset, long length, FileChannel channel,
            Progress progress) throws Exception {
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        for (int attempt = 1; ; attempt++) {
            URI url = link.url();
            String failure;
            try {
                HttpResponse<InputStream> response = client.http(url).send(HttpRequest.newBuilder(url)
                        .timeout(Duration.ofHours(1)).header("Range", range).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == PARTIAL_CONTENT) {
                    long stored = storedSize(response);
                    if (stored >= 0 && stored != link.size) {
                        response.body().close();
                        throw new CliException(link.run + ": the store holds " + stored + " bytes, not the "
                                + link.size + " recorded");
                    }
                    long written = write(response.body(), channel, offset, length, progress);
                    if (written == length) {
                        return;
                    }
                    progress.add(-written);
                    failure = "it ended after " + written + " of " + length + " bytes";
                } else {
                    response.body().close();
                    if (status == RANGE_NOT_SATISFIABLE) {
                        throw new CliException(link.run + ": the store holds fewer bytes than the " + link.size
                                + " recorded");
                    }
                    if (status == 200) {
                        throw new CliException(link.run + ": the store ignored the byte range of part " + number);
                    }
                    if (status < 500 && status != 403) {
                        throw new CliException("download of " + link.run + " failed: HTTP " + status,
                                ExitCode.forStatus(status));
                    }
                    failure = "HTTP " + status;
                    if (status == 403) {
                        link.refuse(url);
                    }
                }
            } catch (IOException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (attempt >= PART_ATTEMPTS) {
                throw new RestClient.TransientFailure(link.run + ": part " + number + " of " + parts + " failed "
                        + attempt + " times: " + failure, ExitCode.NETWORK);
            }
            Thread.sleep(500L * attempt);
        }
    }

    /** The object's whole length from a {@code Content-Range: bytes a-b/length} header; -1 when it is not given. */
    private static long storedSize(HttpResponse<?> response) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        int slash = range.lastIndexOf('/');
        try {
            return slash < 0 ? -1 : Long.parseLong(range.substring(slash + 1).strip());
        } catch (NumberFormatException unknown) {
            return -1;
        }
    }

    /** Writes at most {@code length} bytes of the body at {@code offset}; returns how many came. */
    private static long write(InputStream body, FileChannel channel, long offset, long length, Progress progress)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long written = 0;
        try (InputStream in = body) {
            while (written < length) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - written));
                if (n < 0) {
                    break;
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    written += channel.write(bytes, offset + written);
                }
                progress.add(n);
            }
        } catch (IOException e) {
            // The part is fetched again whole: what it got so far is taken back from the progress.
            progress.add(-written);
            throw e;
        }
        return written;
    }

    /** The file's SHA-256, read back in order once every part is written. */
    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The presigned URL of one result, asked for again when it is about to expire or the store refused it. */
    private final class Link {
        final String run;
        final long size;
        private final long artifact;
        private URI url;
        /** Null once the URL was asked for again: the redirect does not say when it expires. */
        private Instant expiresAt;

        Link(JsonNode item) {
            this.run = "run " + item.get("runId").asText();
            this.size = item.get("size").asLong();
            this.artifact = item.get("artifactId").asLong();
            this.url = URI.create(item.get("url").asText());
            this.expiresAt = item.hasNonNull("expiresAt") ? Instant.parse(item.get("expiresAt").asText()) : null;
        }

        synchronized URI url() {
            if (url == null || expiresAt != null && expiresAt.isBefore(Instant.now().plus(URL_MARGIN))) {
                url = client.redirect("/api/v1/artifacts/" + artifact + "/download");
                expiresAt = null;
            }
            return url;
        }

        /** Another part may have asked for a fresh URL already: only the refused one is dropped. */
        synchronized void refuse(URI refused) {
            if (refused.equals(url)) {
                url = null;
            }
        }
    }
}
