package io.runvault.bench;

import static io.runvault.bench.Measure.cpu;
import static io.runvault.bench.Measure.accumulate;
import static io.runvault.bench.Measure.medianOf;
import static io.runvault.bench.Report.fmt;
import static io.runvault.bench.Report.matchOr;

import io.runvault.bench.SmallResults.Batch;
import io.runvault.bench.SmallResults.Burst;
import io.runvault.bench.SmallResults.Recorded;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (c) Time from an archive request to the operation's final state, by the job's number of artifacts, against as many
 * CopyObject calls straight to the same S3 server with the server's concurrency.
 */
final class Archival extends Scenario {
    private static final int ARTIFACT_BYTES = 4096;
    private static final int WARM_UP_ARTIFACTS = 100;
    /** How long one GET of the operation may wait for its end (`?wait=`). */
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration POLL_WITHOUT_WAIT = Duration.ofMillis(50);

    private final Server server;
    private final S3Client direct;

    Archival(Settings settings, HttpClient http, Report report, Server server, S3Client direct) {
        super(settings, http, report);
        this.server = server;
        this.direct = direct;
    }

    @Override
    void run() throws Exception {
        section("(c) Archival time by number of artifacts");
        long probe = id(send(server.post("/api/v1/jobs", "{\"tags\":[\"bench-archive\"]}"), 201));
        HttpResponse<String> answer = server.postRaw("/api/v1/admin/jobs/" + probe + "/archive", "{}");
        if (answer.statusCode() == 404 || answer.statusCode() == 405) {
            String type = matchOr(answer.body(), "\"type\"\\s*:\\s*\"([^\"]+)\"", "?");
            line("not available (" + answer.statusCode() + "): `POST /api/v1/admin/jobs/{id}/archive` is not on this "
                    + "build (" + type + "). The harness measures it as soon as the endpoint lands.");
            verdictRow("| (c) archival | — | — | not available (" + answer.statusCode() + ") |");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> cpuRows = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        KeepAliveHttp setup = new KeepAliveHttp("127.0.0.1", server.port(), Bench.ADMIN_TOKEN);
        List<KeepAliveHttp> uploaders = new ArrayList<>();
        for (int i = 0; i < settings.clients(); i++) {
            uploaders.add(new KeepAliveHttp("127.0.0.1", server.port(), Bench.ADMIN_TOKEN));
        }
        try {
            // One small job archived and copied first, unreported: neither path is measured while the JIT compiles it.
            Batch warm = uploaded(setup, uploaders, WARM_UP_ARTIFACTS);
            copyDirectly(copies(warm.jobs()[0], warm, "archive-floor-warm/"));
            archive(warm.jobs()[0]);
            for (int artifacts : settings.archiveSizes()) {
                // A round archives a job of its own (the archive deletes the originals its floor copies from).
                List<Double> seconds = new ArrayList<>();
                List<Double> floors = new ArrayList<>();
                List<Double> roundRatios = new ArrayList<>();
                double[] archiveCpu = new double[3];
                double[] floorCpu = new double[3];
                String state = "SUCCEEDED";
                for (int round = 1; round <= settings.archiveRounds(); round++) {
                    long setupStarted = System.nanoTime();
                    Batch batch = uploaded(setup, uploaders, artifacts);
                    long job = batch.jobs()[0];
                    List<Copy> copies = copies(job, batch, "archive-floor/");
                    System.out.printf(Locale.ROOT, "archive of %d artifacts, round %d: set up in %.1f s%n",
                            artifacts, round, (System.nanoTime() - setupStarted) / 1e9);
                    // Before the archive, which deletes the originals the floor copies from.
                    double[] before = cpu(server);
                    double floor = copyDirectly(copies);
                    accumulate(floorCpu, before, cpu(server));
                    before = cpu(server);
                    long started = System.nanoTime();
                    String ended = archive(job);
                    double took = (System.nanoTime() - started) / 1e9;
                    accumulate(archiveCpu, before, cpu(server));
                    seconds.add(took);
                    floors.add(floor);
                    roundRatios.add(ended.equals("SUCCEEDED") ? floor / took : 0);
                    state = ended.equals("SUCCEEDED") ? state : ended;
                    System.out.printf(Locale.ROOT, "archive of %d artifacts, round %d: %s in %.3f s; %d CopyObject "
                            + "in %.3f s%n", artifacts, round, ended, took, artifacts, floor);
                }
                int measured = artifacts * settings.archiveRounds();
                cpuRows.add(cpuRow(artifacts, "Runvault", archiveCpu, measured, seconds));
                cpuRows.add(cpuRow(artifacts, "floor", floorCpu, measured, floors));
                double ratio = medianOf(roundRatios);
                ratios.add(ratio);
                double median = medianOf(seconds);
                rows.add(List.of(Integer.toString(artifacts), state, fmt(median, 3), fmt(artifacts / median, 0),
                        fmt(medianOf(floors), 3), rounds(roundRatios), fmt(ratio, 2)));
            }
        } finally {
            setup.close();
            uploaders.forEach(KeepAliveHttp::close);
        }
        table(List.of("artifacts (4 KiB results each)", "final state (every round)", "seconds to final state (median)",
                "artifacts/s", "floor: as many CopyObject, " + settings.archiveCopies() + " at once (s, median)",
                "floor / Runvault by round", "median of the rounds"), rows);
        line("");
        line(String.format(Locale.ROOT, "%d rounds a size, each on a job of its own, the floor's copies just before "
                + "Runvault's archive; the target is judged on the median of the rounds' ratios. Each job's runs get "
                + "distinct 4 KiB results through `PUT …/results` from %d "
                + "connections before the clock starts. Runvault's time runs from the archive request to the "
                + "operation's final state, waited for with `GET /api/v1/admin/operations/{id}?wait=PT5S` (answered "
                + "as soon as the operation ends; a server without `wait` is polled every 50 ms); it moves %d "
                + "artifacts at once (`RUNVAULT_ARCHIVE_PARALLEL_COPIES`, set to the same value for the server): it "
                + "reads the rows a page at a time, copies each artifact with one CopyObject conditional on the ETag "
                + "recorded when it was stored (a row without one is looked up first; the copy is signed by the "
                + "server and sent on the SDK's HTTP client, without the S3 client's per-call pipeline), checks its claim before the "
                + "copies, and, beside the copies, records the new locations and the steps a group at a time in one "
                + "transaction and deletes those originals with DeleteObjects. The "
                + "floor is only the copies: the same number of CopyObject calls with the server's S3 client "
                + "configuration, from each original to a key beside `archive/` in the same bucket, conditional on "
                + "the original's ETag (listed beforehand) as the server's are, metadata copied, the bucket's "
                + "default storage class (no `RUNVAULT_ARCHIVE_STORAGE_CLASS`), %d threads; made just before the "
                + "archive, from the same originals.", settings.archiveRounds(), settings.clients(), settings.archiveCopies(),
                settings.archiveCopies()));
        line("");
        table(List.of("artifacts", "path", "server JVM", "harness JVM (S3 server, client)", "Postgres",
                "all, ms per artifact", "share of 2 cores"), cpuRows);
        line("");
        line("CPU ms per artifact from /proc over every round's archive and its floor: the S3 server runs in the "
                + "harness, so its copies and deletes count there on both paths; the share is all CPU over two cores "
                + "for the measured time.");
        for (int i = 0; i < ratios.size(); i++) {
            verdict("(c) archive of " + settings.archiveSizes().get(i) + ": CopyObject floor / Runvault time",
                    ratios.get(i), 0.8, true);
        }
    }

    private static List<String> cpuRow(int artifacts, String path, double[] used, int measured, List<Double> seconds) {
        double all = used[0] + used[1] + used[2];
        double spent = seconds.stream().mapToDouble(Double::doubleValue).sum();
        return List.of(Integer.toString(artifacts), path, path.equals("floor") ? "—" : fmt(used[0] / measured, 2),
                fmt(used[1] / measured, 2), path.equals("floor") ? "—" : fmt(used[2] / measured, 2),
                fmt((path.equals("floor") ? used[1] : all) / measured, 2),
                fmt((path.equals("floor") ? used[1] : all) / (2_000 * spent), 2));
    }

    private static String rounds(List<Double> ratios) {
        return String.join(", ", ratios.stream().map(r -> fmt(r, 2)).toList());
    }

    /** A job of as many runs as artifacts, each run's distinct 4 KiB results uploaded through the API. */
    private Batch uploaded(KeepAliveHttp setup, List<KeepAliveHttp> uploaders, int artifacts) throws Exception {
        Batch batch = SmallResults.prepare(setup, "bench-archive", artifacts, ARTIFACT_BYTES, artifacts,
                100 + artifacts);
        Burst uploaded = SmallResults.upload(batch, uploaders, "archive setup " + artifacts);
        if (uploaded.succeeded() != artifacts) {
            throw new IllegalStateException("only " + uploaded.succeeded() + " of " + artifacts
                    + " results uploads succeeded");
        }
        return batch;
    }

    /** Archives the job and waits for the operation's final state, which it answers (a refusal: "failed: status"). */
    private String archive(long job) throws Exception {
        HttpResponse<String> accepted = server.postRaw("/api/v1/admin/jobs/" + job + "/archive", "{}");
        if (accepted.statusCode() / 100 != 2) {
            return "failed: " + accepted.statusCode();
        }
        String operation = accepted.headers().firstValue("Location")
                .map(location -> location.substring(location.lastIndexOf('/') + 1))
                .orElseGet(() -> Long.toString(id(accepted.body())));
        String state = "?";
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (System.nanoTime() < deadline) {
            // A server that waits answers as the operation ends, or at the wait's bound; one that ignores `wait`
            // answers at once, and is asked again after a short pause.
            long asked = System.nanoTime();
            String body = server.get("/api/v1/admin/operations/" + operation + "?wait=" + WAIT).body();
            state = matchOr(body, "\"(?:status|state)\"\\s*:\\s*\"([A-Za-z_]+)\"", "?");
            if (Terminal.STATES.contains(state.toUpperCase(Locale.ROOT))) {
                break;
            }
            if (System.nanoTime() - asked < WAIT.toNanos() / 2) {
                Thread.sleep(POLL_WITHOUT_WAIT);
            }
        }
        return state;
    }

    /** One CopyObject of the floor: an original, its ETag, and where the copy goes. */
    private record Copy(String source, String eTag, String target) {
    }

    /** The job's stored originals, by the keys the server recorded, with their ETags as the store lists them. */
    private List<Copy> copies(long job, Batch batch, String targetPrefix) throws Exception {
        Map<Long, Recorded> recorded = SmallResults.recorded(server, List.of(job));
        if (recorded.size() != batch.size()) {
            throw new IllegalStateException("job " + job + " lists " + recorded.size() + " results, not "
                    + batch.size());
        }
        String first = recorded.values().iterator().next().key();
        String prefix = first.substring(0, first.lastIndexOf('/') + 1);
        Map<String, String> eTags = new HashMap<>();
        for (var page : direct.listObjectsV2Paginator(b -> b.bucket(Bench.BUCKET).prefix(prefix))) {
            page.contents().forEach(object -> eTags.put(object.key(), object.eTag()));
        }
        List<Copy> copies = new ArrayList<>();
        for (Recorded row : recorded.values()) {
            String eTag = eTags.get(row.key());
            if (eTag == null) {
                throw new IllegalStateException("no object at " + row.key());
            }
            copies.add(new Copy(row.key(), eTag, targetPrefix + row.key()));
        }
        return copies;
    }

    /** Seconds for every copy, {@code archive-copies} at once, straight through the SDK. */
    private double copyDirectly(List<Copy> copies) throws InterruptedException {
        Burst burst = SmallResults.burst(copies.size(), settings.archiveCopies(), (thread, i) -> {
            Copy copy = copies.get(i);
            direct.copyObject(b -> b.sourceBucket(Bench.BUCKET).sourceKey(copy.source())
                    .destinationBucket(Bench.BUCKET).destinationKey(copy.target()).copySourceIfMatch(copy.eTag()));
            return true;
        }, "archive floor");
        if (burst.succeeded() != copies.size()) {
            throw new IllegalStateException("only " + burst.succeeded() + " of " + copies.size()
                    + " floor copies succeeded");
        }
        return burst.seconds();
    }

    /** Operation states that end polling, whatever the archive API's exact spelling. */
    private static final class Terminal {
        static final Set<String> STATES = Set.of("DONE", "COMPLETED", "SUCCEEDED", "FAILED",
                "CANCELLED", "ARCHIVED", "ERROR");
    }
}
