package io.runvault.bench;

import static io.runvault.bench.Load.load;
import static io.runvault.bench.Load.warmUp;
import static io.runvault.bench.Measure.accumulate;
import static io.runvault.bench.Measure.cpu;
import static io.runvault.bench.Report.fmt;

import io.runvault.bench.Load.Pair;
import io.runvault.bench.Load.Result;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** (a) Job + run pairs submitted over HTTP against the statements they cost, run through plain JDBC. */
final class Submissions extends Scenario {
    private static final int ROUNDS = 4;
    private static final String RUN_CONFIG = "{\"seed\":1,\"model\":\"bench\"}";
    /** The job statuses that accept runs (JobStatus.acceptsRuns). */
    private static final String[] OPEN_STATUSES = {"CREATED", "SUBMITTED", "RUNNING"};

    private final Server server;
    private final String jdbcUrl;

    Submissions(Settings settings, HttpClient http, Report report, Server server, String jdbcUrl) {
        super(settings, http, report);
        this.server = server;
        this.jdbcUrl = jdbcUrl;
    }

    @Override
    void run() throws Exception {
        section("(a) Job + run submission over HTTP vs plain JDBC");
        String runs = "{\"runs\":[{\"config\":" + RUN_CONFIG + "}]}";
        // One keep-alive connection per load thread, like a client that keeps its connection. Every warm-up slice
        // and round starts new threads, so the connections are pooled rather than per thread: the same 16 stay
        // open from the first slice to the last round instead of piling up idle on the server.
        BlockingQueue<KeepAliveHttp> clients = new ArrayBlockingQueue<>(settings.clients());
        for (int i = 0; i < settings.clients(); i++) {
            clients.add(new KeepAliveHttp("127.0.0.1", server.port(), Bench.ADMIN_TOKEN));
        }
        Pair httpPair = () -> {
            KeepAliveHttp client = clients.take();
            try {
                long job = id(expect(client.post("/api/v1/jobs", "{\"tags\":[\"bench\"]}"), 201,
                        "POST /api/v1/jobs"));
                expect(client.post("/api/v1/jobs/" + job + "/runs", runs), 201, "POST /api/v1/jobs/{id}/runs");
            } finally {
                clients.add(client);
            }
        };
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(settings.clients());
        for (int i = 0; i < settings.clients(); i++) {
            pool.add(DriverManager.getConnection(jdbcUrl, settings.pgUser(), ""));
        }
        Pair jdbcPair = () -> {
            Connection c = pool.take();
            try {
                jdbcJobAndRun(c);
            } finally {
                pool.add(c);
            }
        };
        // Until the rate settles: on two shared cores the server's HTTP rate climbs for a minute or more while the
        // JIT compiles (rounds after a fixed short warm-up kept rising), so a fixed short warm-up measures the
        // compiler rather than the server.
        String httpWarmUp = warmUp("HTTP", httpPair, settings);
        String jdbcWarmUp = warmUp("JDBC", jdbcPair, settings);
        // Alternating rounds: load from anything else on the machine falls on both paths alike.
        List<Result> httpRounds = new ArrayList<>();
        List<Result> jdbcRounds = new ArrayList<>();
        Duration round = settings.submitDuration().dividedBy(ROUNDS);
        double[] httpCpu = new double[3];
        double[] jdbcCpu = new double[3];
        for (int i = 0; i < ROUNDS; i++) {
            double[] before = cpu(server);
            httpRounds.add(load("HTTP round " + (i + 1), httpPair, settings.clients(), round,
                    settings.maxPairs() / ROUNDS));
            accumulate(httpCpu, before, cpu(server));
            before = cpu(server);
            jdbcRounds.add(load("JDBC round " + (i + 1), jdbcPair, settings.clients(), round,
                    settings.maxPairs() / ROUNDS));
            accumulate(jdbcCpu, before, cpu(server));
        }
        for (Connection c : pool) {
            c.close();
        }
        clients.forEach(KeepAliveHttp::close);
        Result viaHttp = Result.merge("HTTP", httpRounds);
        Result viaJdbc = Result.merge("JDBC", jdbcRounds);
        double ratio = viaHttp.perSecond() / viaJdbc.perSecond();
        List<String> perRound = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            perRound.add(fmt(httpRounds.get(i).perSecond() / jdbcRounds.get(i).perSecond(), 2));
        }
        table(List.of("path", "job+run pairs", "seconds", "pairs/s", "HTTP requests/s", "p50 ms", "p99 ms", "errors"),
                List.of(viaHttp.row(2), viaJdbc.row(0)));
        line("");
        line(String.format(Locale.ROOT, "%d concurrent clients on loopback, each on one keep-alive connection; a "
                + "pair is POST /api/v1/jobs then POST /api/v1/jobs/{id}/runs with one run. The JDBC floor runs the "
                + "statements the server runs for the same pair, each in autocommit (INSERT the job; SELECT it; one "
                + "statement that bumps jobs.last_run_seq and inserts the run) on %d connections to the same database. "
                + "%d alternating rounds per path, after a warm-up of each until its rate settled (HTTP: %s; "
                + "JDBC: %s); HTTP/JDBC ratio per round: %s. "
                + "The HTTP load comes from a minimal HTTP/1.1 client (KeepAliveHttp in bench/src/main/java) so "
                + "that the harness takes little of the cores the server needs; the CPU table shows what each side "
                + "used.",
                settings.clients(), settings.clients(), ROUNDS, httpWarmUp, jdbcWarmUp,
                String.join(", ", perRound)));
        line("");
        table(List.of("CPU ms per pair", "server JVM", "load generator JVM", "Postgres (all backends)"), List.of(
                List.of("HTTP", fmt(httpCpu[0] / viaHttp.count(), 2), fmt(httpCpu[1] / viaHttp.count(), 2),
                        fmt(httpCpu[2] / viaHttp.count(), 2)),
                List.of("JDBC", "—", fmt(jdbcCpu[1] / viaJdbc.count(), 2), fmt(jdbcCpu[2] / viaJdbc.count(), 2))));
        line("");
        line("CPU time from /proc over the measured rounds: where each pair's cost goes on the two shared cores.");
        double floorCpu = (jdbcCpu[1] + jdbcCpu[2]) / viaJdbc.count();
        double besideServer = (httpCpu[1] + httpCpu[2]) / viaHttp.count();
        line("");
        line(String.format(Locale.ROOT, "What the cores allow: while they are saturated, the ratio is the floor's "
                        + "CPU per pair over the HTTP path's. Without the server's own CPU, the load generator and "
                        + "Postgres spend %s ms per pair over HTTP against the floor's %s ms: a server that cost "
                        + "nothing would reach %s; %s is the ratio this run's CPU figures give with the server's "
                        + "%s ms.", fmt(besideServer, 2), fmt(floorCpu, 2), fmt(floorCpu / besideServer, 2),
                fmt(floorCpu / (besideServer + httpCpu[0] / viaHttp.count()), 2),
                fmt(httpCpu[0] / viaHttp.count(), 2)));
        verdict("(a) HTTP / JDBC throughput ratio", ratio, 0.8, true);
    }

    /** The statements PostgresJobRepository and PostgresRunRepository issue for one job and one run. */
    private static void jdbcJobAndRun(Connection c) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long job;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO jobs (owner, tags, status, created_at) "
                + "VALUES (?, ?, ?, ?) RETURNING id, owner, tags, status, created_at")) {
            insert.setString(1, "bench");
            insert.setArray(2, c.createArrayOf("text", new String[] {"bench"}));
            insert.setString(3, "CREATED");
            insert.setTimestamp(4, now);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                job = rs.getLong(1);
            }
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, owner, tags, status, created_at FROM jobs WHERE id = ?")) {
            select.setLong(1, job);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
            }
        }
        // Only an open job takes runs: the server's statement carries the same condition.
        try (PreparedStatement runs = c.prepareStatement("WITH job AS (UPDATE jobs SET last_run_seq = last_run_seq + ? "
                + "WHERE id = ? AND status = ANY(?::text[]) RETURNING id, last_run_seq) "
                + "INSERT INTO runs (job_id, seq, config, status, created_at) "
                + "SELECT job.id, job.last_run_seq - ? + s.ord, s.config::jsonb, ?, ? FROM job, unnest(?::text[]) "
                + "WITH ORDINALITY AS s (config, ord) ORDER BY s.ord "
                + "RETURNING id, seq")) {
            runs.setInt(1, 1);
            runs.setLong(2, job);
            runs.setArray(3, c.createArrayOf("text", OPEN_STATUSES));
            runs.setInt(4, 1);
            runs.setString(5, "PENDING");
            runs.setTimestamp(6, now);
            runs.setArray(7, c.createArrayOf("text", new String[] {RUN_CONFIG}));
            try (ResultSet rs = runs.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no run inserted for job " + job);
                }
            }
        }
    }

    private static String expect(KeepAliveHttp.Response response, int expected, String what) {
        if (response.status() != expected) {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }
}
