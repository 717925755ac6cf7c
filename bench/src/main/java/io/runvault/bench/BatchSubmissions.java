package io.runvault.bench;

import static io.runvault.bench.Report.fmt;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * (f) Full batches of runs over HTTP against the same rows written over JDBC: by the server's own statement, by a
 * batch insert and by COPY.
 */
final class BatchSubmissions extends Scenario {
    private static final int BATCH = 1000;
    private static final int WARM_UP_SLICE = 10;
    private static final int WARM_UP_MIN_SLICES = 10;
    private static final int WARM_UP_MAX_SECONDS = 30;
    private static final String RUN_CONFIG = "{\"seed\":1,\"model\":\"bench\"}";

    private final Server server;
    private final String jdbcUrl;

    BatchSubmissions(Settings settings, HttpClient http, Report report, Server server, String jdbcUrl) {
        super(settings, http, report);
        this.server = server;
        this.jdbcUrl = jdbcUrl;
    }

    @Override
    void run() throws Exception {
        section("(f) 1,000-run batch submissions over HTTP vs JDBC");
        StringBuilder body = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"config\":").append(RUN_CONFIG).append('}');
        }
        String batch = body.append("]}").toString();
        int requests = settings.batchRequests();
        long httpJob = newJob();
        long jdbcJob = newJob();
        // The minimal client of (a), as the JDBC paths use a bare connection: on two shared cores, what the JDK's
        // HttpClient spends on each request and its 130 KB answer is taken from the server.
        KeepAliveHttp client = new KeepAliveHttp("127.0.0.1", server.port(), Bench.ADMIN_TOKEN);
        List<Path> paths = List.of(
                new Path("HTTP POST /api/v1/jobs/{id}/runs", "HTTP", () -> submitOverHttp(client, httpJob, batch)),
                new Path("JDBC, the server's statement (one UPDATE … INSERT … SELECT FROM unnest)",
                        "the server's statement", c -> insertOverJdbc(c, jdbcJob)),
                new Path("JDBC batch insert (bump the seq, 1,000 batched INSERTs, one transaction)",
                        "batch insert", c -> batchInsert(c, jdbcJob)),
                new Path("JDBC COPY (bump the seq, COPY 1,000 rows, one transaction)", "COPY",
                        c -> copy(c, jdbcJob)));
        // Each path until its rate settles, so none is measured while the JIT compiles it (the server's launcher
        // delays compilation, so a few batches leave it mostly interpreted); then rounds that alternate the paths,
        // so a change in the machine's speed falls on all of them alike.
        int rounds = 5;
        int perRound = Math.max(1, requests / rounds);
        try (client; Connection c = DriverManager.getConnection(jdbcUrl, settings.pgUser(), "")) {
            List<String> warmUps = new java.util.ArrayList<>();
            for (Path path : paths) {
                warmUps.add(warmUp(path, c));
            }
            double[][] rates = new double[paths.size()][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int p = 0; p < paths.size(); p++) {
                    long start = System.nanoTime();
                    paths.get(p).times(c, perRound);
                    rates[p][round] = perRound * BATCH / ((System.nanoTime() - start) / 1e9);
                }
            }
            List<List<String>> rows = new java.util.ArrayList<>();
            double[] medians = new double[paths.size()];
            for (int p = 0; p < paths.size(); p++) {
                medians[p] = median(rates[p]);
                rows.add(List.of(paths.get(p).name(), fmt(medians[p], 0), rateList(rates[p]),
                        p == 0 ? "—" : fmt(medians[0] / medians[p], 2)));
            }
            table(List.of("path", "runs/s (median)", "runs/s per round", "HTTP / this"), rows);
            line("");
            line(String.format(Locale.ROOT, "One client on one keep-alive connection (the minimal HTTP/1.1 client of (a)), one batch of %d at a time, %d rounds of %d batches per "
                    + "path alternating, after a warm-up of each until its rate settled (%s). The server's statement "
                    + "is the one PostgresRunRepository issues for a batch, in autocommit; the batch insert and COPY "
                    + "rows are the same rows written the ways a bulk load usually is. The HTTP path adds parsing, "
                    + "authorization, and the response with every run.", BATCH, rounds, perRound,
                    String.join("; ", warmUps)));
            double floor = Math.max(medians[2], medians[3]);
            verdict("(f) HTTP / the faster of JDBC batch insert and COPY, runs/s", medians[0] / floor, 0.8, true);
            verdict("(f) HTTP / the server's own statement over JDBC, runs/s", medians[0] / medians[1], 0.8, true);
        }
    }

    /**
     * Slices of {@value #WARM_UP_SLICE} batches until three in a row agree within 5 % and at least
     * {@value #WARM_UP_MIN_SLICES} slices ran, or {@value #WARM_UP_MAX_SECONDS} s have passed.
     */
    private static String warmUp(Path path, Connection c) throws Exception {
        long deadline = System.nanoTime() + WARM_UP_MAX_SECONDS * 1_000_000_000L;
        List<Double> rates = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            path.times(c, WARM_UP_SLICE);
            rates.add(WARM_UP_SLICE * BATCH / ((System.nanoTime() - start) / 1e9));
            List<Double> last = rates.subList(Math.max(0, rates.size() - 3), rates.size());
            double low = last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double high = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            if (rates.size() >= WARM_UP_MIN_SLICES && high <= 1.05 * low) {
                break;
            }
        }
        return String.format(Locale.ROOT, "%s: %d batches, last %.0f runs/s", path.label(),
                rates.size() * WARM_UP_SLICE, rates.isEmpty() ? 0 : rates.getLast());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String rateList(double[] rates) {
        StringBuilder out = new StringBuilder();
        for (double rate : rates) {
            out.append(out.isEmpty() ? "" : ", ").append(fmt(rate, 0));
        }
        return out.toString();
    }

    /** One way of writing a batch. */
    private record Path(String name, String label, Work work) {
        Path(String name, String label, HttpWork http) {
            this(name, label, c -> http.run());
        }

        void times(Connection c, int count) throws Exception {
            for (int i = 0; i < count; i++) {
                work.run(c);
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws Exception;
    }

    @FunctionalInterface
    private interface HttpWork {
        void run() throws Exception;
    }

    /** Bumps the job's counter by a batch in the open transaction; the first seq of the batch. */
    private static long reserveSeqs(Connection c, long job) throws SQLException {
        try (PreparedStatement bump = c.prepareStatement("UPDATE jobs SET last_run_seq = last_run_seq + ? "
                + "WHERE id = ? RETURNING last_run_seq")) {
            bump.setInt(1, BATCH);
            bump.setLong(2, job);
            try (ResultSet rs = bump.executeQuery()) {
                rs.next();
                return rs.getLong(1) - BATCH + 1;
            }
        }
    }

    private static void batchInsert(Connection c, long job) throws SQLException {
        c.setAutoCommit(false);
        try {
            long first = reserveSeqs(c, job);
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO runs (job_id, seq, config, status, "
                    + "created_at) VALUES (?, ?, ?::jsonb, ?, ?)")) {
                for (int i = 0; i < BATCH; i++) {
                    insert.setLong(1, job);
                    insert.setLong(2, first + i);
                    insert.setString(3, RUN_CONFIG);
                    insert.setString(4, "PENDING");
                    insert.setTimestamp(5, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void copy(Connection c, long job) throws Exception {
        c.setAutoCommit(false);
        try {
            long first = reserveSeqs(c, job);
            String now = Instant.now().toString();
            StringBuilder rows = new StringBuilder(BATCH * 80);
            for (int i = 0; i < BATCH; i++) {
                rows.append(job).append('\t').append(first + i).append('\t').append(RUN_CONFIG).append('\t')
                        .append("PENDING").append('\t').append(now).append('\n');
            }
            long copied = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                    "COPY runs (job_id, seq, config, status, created_at) FROM STDIN",
                    new java.io.StringReader(rows.toString()));
            if (copied != BATCH) {
                throw new SQLException("copied " + copied + " runs for job " + job);
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    private long newJob() throws Exception {
        return id(send(server.request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\":[\"bench\"]}")).build(), 201));
    }

    private static void submitOverHttp(KeepAliveHttp client, long job, String batch) throws Exception {
        KeepAliveHttp.Response response = client.post("/api/v1/jobs/" + job + "/runs", batch);
        if (response.status() != 201) {
            throw new IllegalStateException("a batch answered " + response.status() + ": " + response.body());
        }
    }

    private static void insertOverJdbc(Connection c, long job) throws SQLException {
        String[] configs = new String[BATCH];
        Arrays.fill(configs, RUN_CONFIG);
        try (PreparedStatement runs = c.prepareStatement("WITH job AS (UPDATE jobs SET last_run_seq = last_run_seq + ? "
                + "WHERE id = ? AND status = ANY(?::text[]) RETURNING id, last_run_seq) "
                + "INSERT INTO runs (job_id, seq, config, status, created_at) "
                + "SELECT job.id, job.last_run_seq - ? + s.ord, s.config::jsonb, ?, ? FROM job, unnest(?::text[]) "
                + "WITH ORDINALITY AS s (config, ord) ORDER BY s.ord "
                + "RETURNING id, seq")) {
            runs.setInt(1, BATCH);
            runs.setLong(2, job);
            runs.setArray(3, c.createArrayOf("text", new String[] {"CREATED", "SUBMITTED", "RUNNING"}));
            runs.setInt(4, BATCH);
            runs.setString(5, "PENDING");
            runs.setTimestamp(6, Timestamp.from(Instant.now()));
            runs.setArray(7, c.createArrayOf("text", configs));
            int count = 0;
            try (ResultSet rs = runs.executeQuery()) {
                while (rs.next()) {
                    count++;
                }
            }
            if (count != BATCH) {
                throw new SQLException("inserted " + count + " runs for job " + job);
            }
        }
    }
}
