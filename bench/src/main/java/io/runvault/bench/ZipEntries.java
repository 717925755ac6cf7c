package io.runvault.bench;

import static io.runvault.bench.Report.fmt;

import io.runvault.application.zip.EntryContent;
import io.runvault.application.zip.ZipDirectory;
import io.runvault.application.zip.ZipDirectoryCache;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import io.runvault.domain.ArchiveEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (e) One file out of a large results zip (4 GiB by default, {@link LargeZip}): listing every entry and reading one
 * 1 MiB entry through the entry endpoints, against downloading the whole zip; and the bytes those ranged reads fetch
 * from the store.
 */
final class ZipEntries extends Scenario {
    private static final int ROUNDS = 3;
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SHA256 = Pattern.compile("\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"");
    private static final Pattern NEXT = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");

    private final Server server;
    private final S3Client direct;

    ZipEntries(Settings settings, HttpClient http, Report report, Server server, S3Client direct) {
        super(settings, http, report);
        this.server = server;
        this.direct = direct;
    }

    @Override
    void run() throws Exception {
        section("(e) One entry out of a results zip vs the whole zip");
        LargeZip zip = new LargeZip(settings.zipSizeBytes(), settings.zipEntries());
        long size = zip.length();
        long job = id(send(server.request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), 201));
        long run = id(send(server.request("/api/v1/jobs/" + job + "/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"runs\":[{\"config\":{}}]}")).build(), 201)
                .replaceFirst("^.*?\"runs\"", ""));
        long uploadStart = System.nanoTime();
        String stored = upload("/api/v1/jobs/" + job + "/runs/" + run + "/results", zip, size);
        System.out.printf(Locale.ROOT, "(e) stored a %d-byte zip in %.1f s%n", size,
                (System.nanoTime() - uploadStart) / 1e9);
        long artifact = id(stored);
        String key = group(KEY, stored);
        try {
            AtomicLong fetched = new AtomicLong();
            ZipDirectory.Ranges ranges = (offset, length) -> {
                byte[] bytes = direct.getObjectAsBytes(b -> b.bucket(Bench.BUCKET).key(key)
                        .range("bytes=" + offset + "-" + (offset + length - 1))).asByteArray();
                fetched.addAndGet(bytes.length);
                return bytes;
            };
            // As the server's reader does it: one request, one look in the cache of directories (the server's
            // default bound), which finds the directory the first time and keeps it for the next requests.
            ZipDirectoryCache directories = new ZipDirectoryCache(64L << 20);
            ArtifactId id = new ArtifactId(artifact);
            Checksum checksum = Checksum.sha256Hex(group(SHA256, stored));
            Supplier<ZipDirectory> directory = () -> directories.get(id, checksum,
                    () -> ZipDirectory.locate(size, ranges)).over(ranges);
            long listed = 0;
            for (Page<ArchiveEntry> page = directory.get().list(PageRequest.first(PageRequest.MAX_LIMIT)); ;
                    page = directory.get().list(new PageRequest(page.next(), PageRequest.MAX_LIMIT))) {
                listed += page.items().size();
                if (page.next() == null) {
                    break;
                }
            }
            long listingBytes = fetched.get();
            ZipDirectory reader = directory.get();
            ArchiveEntry big = reader.find("big.bin").orElseThrow();
            long data = reader.dataOffset(big);
            try (InputStream content = EntryContent.of(big, direct.getObject(b -> b.bucket(Bench.BUCKET)
                    .key(key).range("bytes=" + data + "-" + (data + big.compressedSize() - 1))))) {
                content.transferTo(OutputStream.nullOutputStream());
            }
            fetched.addAndGet(big.compressedSize());
            long totalBytes = fetched.get();
            System.out.printf(Locale.ROOT, "(e) bytes fetched to list %d entries and read big.bin: %d of %d (%.4f %%)%n",
                    listed, totalBytes, size, 100.0 * totalBytes / size);

            double entriesSeconds = Double.MAX_VALUE;
            double wholeSeconds = Double.MAX_VALUE;
            for (int i = 0; i < ROUNDS; i++) {
                long start = System.nanoTime();
                long names = listOverHttp(artifact);
                long read = readOverHttp("/api/v1/artifacts/" + artifact + "/entries/big.bin");
                entriesSeconds = Math.min(entriesSeconds, (System.nanoTime() - start) / 1e9);
                if (names != listed || read != LargeZip.BIG_ENTRY) {
                    throw new IllegalStateException("listed " + names + " entries and read " + read + " bytes");
                }
                start = System.nanoTime();
                downloadWhole(artifact, size);
                wholeSeconds = Math.min(wholeSeconds, (System.nanoTime() - start) / 1e9);
            }
            table(List.of("what", "bytes fetched from the store", "share of the object", "best of " + ROUNDS + " s"),
                    List.of(List.of("list " + listed + " entries + read the 1 MiB entry", Long.toString(totalBytes),
                                    fmt(100.0 * totalBytes / size, 4) + " %", fmt(entriesSeconds, 3)),
                            List.of("list only", Long.toString(listingBytes),
                                    fmt(100.0 * listingBytes / size, 4) + " %", "—"),
                            List.of("download the whole zip", Long.toString(size), "100 %", fmt(wholeSeconds, 3))));
            line("");
            line(String.format(Locale.ROOT, "A %d-byte results zip (zip64): %d MiB of stored filler entries, then "
                    + "%d small entries and one %d-byte entry (deflated). Bytes fetched are counted on the ranged "
                    + "reads the server's zip reader issues (ZipDirectory through a ZipDirectoryCache, and "
                    + "EntryContent, over the same S3 server); times are over HTTP: every page of "
                    + "GET /api/v1/artifacts/{id}/entries (500 a page) plus GET .../entries/big.bin, against "
                    + "GET .../download and the presigned URL it redirects to.", size,
                    settings.zipSizeBytes() >> 20, settings.zipEntries(), LargeZip.BIG_ENTRY));
        } finally {
            // Gigabytes in the S3 server's directory that no later part reads.
            direct.deleteObject(b -> b.bucket(Bench.BUCKET).key(key));
        }
    }

    /** PUT with a Content-Length, the zip written straight to the socket as it is generated: no copy on disk. */
    private String upload(String path, LargeZip zip, long size) throws Exception {
        var connection = (HttpURLConnection) server.uri(path).toURL().openConnection();
        try {
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(1_800_000);
            connection.setRequestProperty("Authorization", "Bearer " + Bench.ADMIN_TOKEN);
            connection.setRequestProperty("Content-Type", "application/zip");
            connection.setFixedLengthStreamingMode(size);
            try (var out = new BufferedOutputStream(connection.getOutputStream(), 1 << 20)) {
                zip.writeTo(out);
            }
            int status = connection.getResponseCode();
            String answer;
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (status != 201) {
                throw new IllegalStateException("upload answered " + status + ": " + answer);
            }
            return answer;
        } finally {
            connection.disconnect();
        }
    }

    private static String group(Pattern pattern, String json) {
        Matcher found = pattern.matcher(json);
        if (!found.find()) {
            throw new IllegalStateException("no " + pattern + " in " + json);
        }
        return found.group(1);
    }

    private long listOverHttp(long artifact) throws Exception {
        long count = 0;
        String cursor = null;
        do {
            String body = send(server.request("/api/v1/artifacts/" + artifact + "/entries?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor)).GET().build(), 200);
            count += body.split("\"name\"", -1).length - 1;
            Matcher next = NEXT.matcher(body);
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null);
        return count;
    }

    private long readOverHttp(String path) throws Exception {
        HttpResponse<InputStream> response = http.send(server.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return body.transferTo(OutputStream.nullOutputStream());
        }
    }

    private void downloadWhole(long artifact, long size) throws Exception {
        HttpResponse<Void> redirect = http.send(server.request("/api/v1/artifacts/" + artifact + "/download")
                .GET().build(), HttpResponse.BodyHandlers.discarding());
        String location = redirect.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("download answered " + redirect.statusCode()));
        HttpResponse<InputStream> whole = http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = whole.body()) {
            long read = body.transferTo(OutputStream.nullOutputStream());
            if (read != size) {
                throw new IllegalStateException("downloaded " + read + " of " + size + " bytes");
            }
        }
    }
}
