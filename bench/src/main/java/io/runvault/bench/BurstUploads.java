package io.runvault.bench;

import static io.runvault.bench.Measure.cpu;
import static io.runvault.bench.Measure.delta;
import static io.runvault.bench.Report.fmt;

import io.runvault.bench.SmallResults.Batch;
import io.runvault.bench.SmallResults.Bodies;
import io.runvault.bench.SmallResults.Burst;
import io.runvault.bench.SmallResults.Recorded;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (h) Bursts of small results, each to a run of its own, through {@code PUT …/runs/{runId}/results} from many
 * connections, against create-only PutObject of the same objects from as many threads straight to the same S3 server;
 * after each burst every run's recorded artifact and stored bytes are checked against what the run sent.
 */
final class BurstUploads extends Scenario {
    private static final int ROUNDS = 3;
    private static final Duration FIRST = Duration.ofSeconds(5);
    /** The body of a stored object and the content type the server's small-object PutObject sends. */
    private static final String OCTETS = "application/octet-stream";
    private static final int CHECK_THREADS = 16;

    private final Server server;
    private final S3Client direct;

    BurstUploads(Settings settings, HttpClient http, Report report, Server server, S3Client direct) {
        super(settings, http, report);
        this.server = server;
        this.direct = direct;
    }

    /** The median over rounds of one CPU figure (server, harness, Postgres) per upload answered. */
    private static double perUpload(List<Round> rounds, int which) {
        return median(rounds.stream().map(r -> r.cpu()[which] / Math.max(1, r.burst().succeeded())).toList());
    }

    /** One burst down one path: its outcome, the CPU it cost, and (through the server) what the check found. */
    private record Round(Burst burst, double[] cpu, Check check) {
        double rate() {
            return burst.succeeded() / burst.seconds();
        }
    }

    /** After a burst through the server: uploads answered 201, and of those any not stored as sent. */
    private record Check(int acknowledged, int notRecorded, int wrongRecorded, int wrongStored, int refusedButStored) {
        int lost() {
            return notRecorded + wrongRecorded + wrongStored;
        }
    }

    @Override
    void run() throws Exception {
        section("(h) Bursts of small results through Runvault vs create-only PutObject to the same S3 server");
        int count = settings.burstUploads();
        int clients = settings.burstClients();
        int size = settings.burstBytes();
        List<KeepAliveHttp> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(new KeepAliveHttp("127.0.0.1", server.port(), Bench.ADMIN_TOKEN));
        }
        KeepAliveHttp setup = new KeepAliveHttp("127.0.0.1", server.port(), Bench.ADMIN_TOKEN);
        try {
            // A smaller burst down each path first: the JIT, both connection pools and the store's directories.
            int warm = Math.max(1, Math.min(count, 2_000));
            throughServer(setup, connections, warm, size, 0, "h warm-up");
            directly(warm, size, 0, "h warm-up");
            List<Round> server = new ArrayList<>();
            List<Round> direct = new ArrayList<>();
            String stopped = null;
            // Alternating: load from anything else on the machine falls on both paths alike.
            for (int round = 1; round <= ROUNDS && stopped == null; round++) {
                try {
                    Round through = throughServer(setup, connections, count, size, round, "h round " + round);
                    server.add(through);
                    direct.add(directly(count, size, round, "h round " + round));
                } catch (Exception e) {
                    // A server that fails mid-burst is a finding: the rounds done so far are reported with it.
                    stopped = "round " + round + " stopped: " + e.getMessage() + " (after " + warm
                            + " uploads in the warm-up and " + server.size() * count + " in earlier rounds)";
                    System.err.println("(h) " + stopped);
                    if (server.size() > direct.size()) {
                        server.removeLast();
                    }
                }
            }
            report(server, direct, count, clients, size, warm, stopped);
        } finally {
            connections.forEach(KeepAliveHttp::close);
            setup.close();
        }
    }

    private Round throughServer(KeepAliveHttp setup, List<KeepAliveHttp> connections, int count, int size, int round,
            String name) throws Exception {
        Batch batch = SmallResults.prepare(setup, "bench-burst", count, size, settings.burstRunsPerJob(), round);
        double[] before = cpu(server);
        Burst burst = SmallResults.upload(batch, connections, name + " server");
        double[] used = delta(before, cpu(server));
        Check check = check(batch, burst);
        System.out.printf(Locale.ROOT, "%s server: %d of %d in %.2f s = %.0f/s, %d in the first 5 s, server CPU "
                        + "%.2f ms per upload; %d lost%n", name, burst.succeeded(), count, burst.seconds(),
                burst.succeeded() / burst.seconds(), burst.succeededWithin(FIRST),
                used[0] / Math.max(1, burst.succeeded()), check.lost());
        return new Round(burst, used, check);
    }

    private Round directly(int count, int size, int round, String name) throws Exception {
        // The same objects as the server's burst of this round: same sizes, same bytes, recorded SHA-256 alike.
        Bodies batch = SmallResults.bodies(count, size, round);
        double[] before = cpu(server);
        Burst burst = SmallResults.burst(count, settings.burstClients(), (thread, i) -> {
            String key = "burst-direct/" + name.replace(' ', '-') + "/run_" + i + "_results.zip";
            direct.putObject(b -> b.bucket(Bench.BUCKET).key(key).ifNoneMatch("*")
                    .contentLength((long) batch.bodies()[i].length).contentType(OCTETS)
                    .metadata(Map.of("sha256", batch.sha256()[i])), RequestBody.fromBytes(batch.bodies()[i]));
            return true;
        }, name + " direct");
        double[] used = delta(before, cpu(server));
        System.out.printf(Locale.ROOT, "%s direct: %d of %d in %.2f s = %.0f/s, %d in the first 5 s%n", name,
                burst.succeeded(), count, burst.seconds(), burst.succeeded() / burst.seconds(),
                burst.succeededWithin(FIRST));
        return new Round(burst, used, null);
    }

    /**
     * Every run's results as the server records them (the artifacts listing) and as the store holds them (each
     * object read back and hashed, streamed), against the SHA-256 of the bytes that run sent.
     */
    private Check check(Batch batch, Burst burst) throws Exception {
        Map<Long, Recorded> recorded = SmallResults.recorded(server, batch.distinctJobs());
        int acknowledged = 0;
        int notRecorded = 0;
        int wrongRecorded = 0;
        int refusedButStored = 0;
        for (int i = 0; i < batch.size(); i++) {
            Recorded row = recorded.get(batch.runs()[i]);
            boolean stored = row != null && row.state().equals("STORED");
            if (!burst.ok()[i]) {
                refusedButStored += stored ? 1 : 0;
                continue;
            }
            acknowledged++;
            if (!stored) {
                notRecorded++;
            } else if (!batch.sha256()[i].equals(row.sha256())) {
                wrongRecorded++;
            }
        }
        AtomicInteger wrongStored = new AtomicInteger();
        SmallResults.burst(batch.size(), CHECK_THREADS, (thread, i) -> {
            Recorded row = recorded.get(batch.runs()[i]);
            if (burst.ok()[i] && row != null && row.key() != null
                    && !batch.sha256()[i].equals(SmallResults.storedSha256(direct, row.key()))) {
                wrongStored.incrementAndGet();
            }
            return true;
        }, "h check");
        return new Check(acknowledged, notRecorded, wrongRecorded, wrongStored.get(), refusedButStored);
    }

    private void report(List<Round> server, List<Round> direct, int count, int clients, int size, int warm,
            String stopped) {
        if (stopped != null) {
            line("**Not every round ran**: " + stopped + " (the server's log is beside this report).");
            line("");
            verdictRow("| (h) every round of bursts completed | " + server.size() + " of " + ROUNDS + " | " + ROUNDS
                    + " | **no** |");
        }
        if (server.isEmpty()) {
            return;
        }
        int rounds = server.size();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            rows.add(row("round " + (i + 1) + ": PUT …/runs/{runId}/results", server.get(i), count));
            rows.add(row("round " + (i + 1) + ": direct PutObject", direct.get(i), count));
        }
        table(List.of("burst", "uploads done / sent", "seconds", "uploads/s", "done in the first 5 s",
                "server CPU ms per upload", "errors"), rows);
        double serverRate = median(server.stream().map(Round::rate).toList());
        double directRate = median(direct.stream().map(Round::rate).toList());
        double cpuPerUpload = median(server.stream().map(r -> r.cpu()[0] / Math.max(1, r.burst().succeeded()))
                .toList());
        double harnessPerUpload = median(server.stream()
                .map(r -> r.cpu()[1] / Math.max(1, r.burst().succeeded())).toList());
        double serverFirst = median(server.stream().map(r -> (double) r.burst().succeededWithin(FIRST)).toList());
        double directFirst = median(direct.stream().map(r -> (double) r.burst().succeededWithin(FIRST)).toList());
        int acknowledged = server.stream().mapToInt(r -> r.check().acknowledged()).sum();
        int lost = server.stream().mapToInt(r -> r.check().lost()).sum();
        int refused = server.stream().mapToInt(r -> r.burst().ok().length - r.burst().succeeded()).sum();
        int refusedButStored = server.stream().mapToInt(r -> r.check().refusedButStored()).sum();
        String notRecorded = fmtSum(server, Check::notRecorded);
        String wrongRecorded = fmtSum(server, Check::wrongRecorded);
        String wrongStored = fmtSum(server, Check::wrongStored);
        List<String> perRound = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            perRound.add(fmt(server.get(i).rate() / direct.get(i).rate(), 2));
        }
        line("");
        table(List.of("median of " + rounds + " rounds", "uploads/s", "done in the first 5 s"), List.of(
                List.of("PUT …/runs/{runId}/results, " + clients + " keep-alive connections", fmt(serverRate, 0),
                        fmt(serverFirst, 0)),
                List.of("direct create-only PutObject, " + clients + " threads", fmt(directRate, 0),
                        fmt(directFirst, 0))));
        line("");
        table(List.of("CPU ms per upload (median of rounds)", "server JVM", "harness JVM (load generator, s3proxy)",
                "Postgres (all backends)"), List.of(
                List.of("PUT …/runs/{runId}/results", fmt(cpuPerUpload, 2), fmt(harnessPerUpload, 2),
                        fmt(perUpload(server, 2), 2)),
                List.of("direct PutObject (the S3 client runs in the harness JVM)", "—",
                        fmt(perUpload(direct, 1), 2), fmt(perUpload(direct, 2), 2))));
        line("");
        line("CPU time from /proc over each burst: where an upload's cost goes on the shared cores.");
        double directCpu = perUpload(direct, 1) + perUpload(direct, 2);
        double besideServer = harnessPerUpload + perUpload(server, 2);
        line("");
        line(String.format(Locale.ROOT, "What the cores allow: while they are saturated, the ratio is the direct "
                        + "path's CPU per upload over the path through the server's. Without the server's own CPU, "
                        + "the load generator, the store and Postgres spend %s ms per upload through the server "
                        + "against %s ms for the direct path: a server that cost nothing would reach %s at "
                        + "Postgres's present cost per upload, and %s with Postgres free as well.",
                fmt(besideServer, 2), fmt(directCpu, 2), fmt(directCpu / besideServer, 2),
                fmt(directCpu / harnessPerUpload, 2)));
        line("");
        line(String.format(Locale.ROOT, "Each burst sends %,d results of %d KiB (pseudo-random bytes behind a zip "
                        + "signature, different in every run), each to a run of its own (%d runs to a job), as fast "
                        + "as %d connections take them; the clock runs from the first request to the last answer. "
                        + "Jobs, runs and bodies are made before it starts. The direct rows PUT the same objects "
                        + "(same bytes, the SHA-256 metadata and `If-None-Match: *` the server sends for a small "
                        + "body) with the server's own S3 client configuration from %d threads, each a PutObject "
                        + "through the S3 client's whole pipeline, as a direct writer would send it (the server "
                        + "itself sends a small body as one PUT it signs itself (SigV4) on the SDK's HTTP "
                        + "client, without that pipeline). %d alternating rounds "
                        + "after one burst of %,d each way to warm up; server/direct ratio per round: %s. Server CPU "
                        + "ms per upload (median): %s; harness JVM (load generator and s3proxy) per upload through "
                        + "the server: %s.",
                count, size >> 10, settings.burstRunsPerJob(), clients, clients, rounds, warm,
                String.join(", ", perRound), fmt(cpuPerUpload, 2), fmt(harnessPerUpload, 2)));
        line("");
        line(String.format(Locale.ROOT, "Check after each burst through the server, over every run: %,d uploads "
                        + "answered 201; of those, not recorded STORED: %s, recorded with another SHA-256 than the "
                        + "run sent: %s, stored bytes (read back from the store, hashed) not the run's: %s. Uploads "
                        + "answered with an error: %d (%d of them stored all the same).",
                acknowledged, notRecorded, wrongRecorded, wrongStored, refused, refusedButStored));
        verdict("(h) burst uploads/s ratio vs direct PutObject", serverRate / directRate, 0.8, true);
        verdictRow("| (h) uploads lost or overwritten (answered 201, not stored as sent) | " + lost + " of "
                + acknowledged + " | 0 | " + (lost == 0 ? "yes" : "**no**") + " |");
        verdictRow("| (h) uploads done in the first 5 s (direct: " + fmt(directFirst, 0) + ") | " + fmt(serverFirst, 0)
                + " | ≥ " + Math.min(10_000, count) + " where the store allows | "
                + (serverFirst >= Math.min(10_000, count) ? "yes"
                        : serverFirst >= 0.8 * directFirst ? "store-bound" : "**no**") + " |");
    }

    private static List<String> row(String name, Round round, int count) {
        Burst burst = round.burst();
        return List.of(name, burst.succeeded() + " / " + count, fmt(burst.seconds(), 2), fmt(round.rate(), 0),
                Integer.toString(burst.succeededWithin(FIRST)),
                round.check() == null ? "—" : fmt(round.cpu()[0] / Math.max(1, burst.succeeded()), 2),
                Integer.toString(burst.ok().length - burst.succeeded()));
    }

    private static String fmtSum(List<Round> rounds, ToIntFunction<Check> what) {
        return Integer.toString(rounds.stream().mapToInt(r -> what.applyAsInt(r.check())).sum());
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
