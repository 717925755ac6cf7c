package io.runvault.bench;

import static io.runvault.bench.Report.fmt;

import io.runvault.application.zip.EntryContent;
import io.runvault.application.zip.ZipDirectory;
import io.runvault.domain.ArchiveEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (e) One file out of a large results zip: listing every entry and reading one 1 MiB entry through the entry
 * endpoints, against downloading the whole zip; and the bytes those ranged reads fetch from the store.
 */
final class ZipEntries extends Scenario {
    private static final int ROUNDS = 3;
    private static final int BIG_ENTRY = 1 << 20;
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
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
        Path zip = Files.createTempFile(settings.out().toAbsolutePath(), "entries-", ".zip");
        try {
            write(zip, settings.zipEntries());
            long job = id(send(server.request("/api/v1/jobs").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), 201));
            long run = id(send(server.request("/api/v1/jobs/" + job + "/runs")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"runs\":[{\"config\":{}}]}")).build(), 201)
                    .replaceFirst("^.*?\"runs\"", ""));
            String stored = send(server.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                    .header("Content-Type", "application/zip").PUT(HttpRequest.BodyPublishers.ofFile(zip)).build(),
                    201);
            long artifact = id(stored);
            Matcher key = KEY.matcher(stored);
            if (!key.find()) {
                throw new IllegalStateException("no key in " + stored);
            }
            long size = Files.size(zip);

            AtomicLong fetched = new AtomicLong();
            ZipDirectory directory = ZipDirectory.locate(size, (offset, length) -> {
                byte[] bytes = direct.getObjectAsBytes(b -> b.bucket(Bench.BUCKET).key(key.group(1))
                        .range("bytes=" + offset + "-" + (offset + length - 1))).asByteArray();
                fetched.addAndGet(bytes.length);
                return bytes;
            });
            long listed = 0;
            for (Page<ArchiveEntry> page = directory.list(PageRequest.first(PageRequest.MAX_LIMIT)); ;
                    page = directory.list(new PageRequest(page.next(), PageRequest.MAX_LIMIT))) {
                listed += page.items().size();
                if (page.next() == null) {
                    break;
                }
            }
            long listingBytes = fetched.get();
            ArchiveEntry big = directory.find("big.bin").orElseThrow();
            long data = directory.dataOffset(big);
            try (InputStream content = EntryContent.of(big, direct.getObject(b -> b.bucket(Bench.BUCKET)
                    .key(key.group(1)).range("bytes=" + data + "-" + (data + big.compressedSize() - 1))))) {
                content.transferTo(OutputStream.nullOutputStream());
            }
            fetched.addAndGet(big.compressedSize());
            long totalBytes = fetched.get();

            double entriesSeconds = Double.MAX_VALUE;
            double wholeSeconds = Double.MAX_VALUE;
            for (int i = 0; i < ROUNDS; i++) {
                long start = System.nanoTime();
                long names = listOverHttp(artifact);
                long read = readOverHttp("/api/v1/artifacts/" + artifact + "/entries/big.bin");
                entriesSeconds = Math.min(entriesSeconds, (System.nanoTime() - start) / 1e9);
                if (names != listed || read != BIG_ENTRY) {
                    throw new IllegalStateException("listed " + names + " entries and read " + read + " bytes");
                }
                start = System.nanoTime();
                downloadWhole(artifact, size);
                wholeSeconds = Math.min(wholeSeconds, (System.nanoTime() - start) / 1e9);
            }
            table(List.of("what", "bytes fetched from the store", "share of the object", "best of " + ROUNDS + " s"),
                    List.of(List.of("list " + listed + " entries + read the 1 MiB entry", Long.toString(totalBytes),
                                    fmt(100.0 * totalBytes / size, 2) + " %", fmt(entriesSeconds, 3)),
                            List.of("list only", Long.toString(listingBytes),
                                    fmt(100.0 * listingBytes / size, 2) + " %", "—"),
                            List.of("download the whole zip", Long.toString(size), "100 %", fmt(wholeSeconds, 3))));
            line("");
            line(String.format(java.util.Locale.ROOT, "A %d-byte results zip of %d small entries and one %d-byte "
                    + "entry (deflated). Bytes fetched are counted on the ranged reads the server's zip reader "
                    + "issues (ZipDirectory and EntryContent over the same S3 server); times are over HTTP: every "
                    + "page of GET /api/v1/artifacts/{id}/entries (500 a page) plus GET .../entries/big.bin, against "
                    + "GET .../download and the presigned URL it redirects to.", size, settings.zipEntries(),
                    BIG_ENTRY));
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static void write(Path zip, int entries) throws Exception {
        Random random = new Random(11);
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < entries; i++) {
                out.putNextEntry(new ZipEntry(String.format("out/step-%06d.csv", i)));
                out.write(("step,infected\n" + i + "," + random.nextInt(100_000) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            // Digits: compressible like real output, far below the server's ratio guard.
            byte[] big = new byte[BIG_ENTRY];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i % 64 == 63 ? '\n' : '0' + random.nextInt(10));
            }
            out.putNextEntry(new ZipEntry("big.bin"));
            out.write(big);
            out.closeEntry();
        }
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
