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

/** (f) Full batches of runs over HTTP against the same rows through the server's own bulk insert, over JDBC. */
final class BatchSubmissions extends Scenario {
    private static final int BATCH = 1000;
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
        // A few batches each way first, so neither path is measured while the JIT compiles it.
        int warmUp = Math.max(1, requests / 5);
        try (Connection c = DriverManager.getConnection(jdbcUrl, settings.pgUser(), "")) {
            for (int i = 0; i < warmUp; i++) {
                submitOverHttp(httpJob, batch);
                insertOverJdbc(c, jdbcJob);
            }
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                submitOverHttp(httpJob, batch);
            }
            double httpSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                insertOverJdbc(c, jdbcJob);
            }
            double jdbcSeconds = (System.nanoTime() - start) / 1e9;
            double httpRate = requests * BATCH / httpSeconds;
            double jdbcRate = requests * BATCH / jdbcSeconds;
            table(List.of("path", "batches of " + BATCH, "seconds", "runs/s"), List.of(
                    List.of("HTTP POST /api/v1/jobs/{id}/runs", Integer.toString(requests), fmt(httpSeconds, 2),
                            fmt(httpRate, 0)),
                    List.of("JDBC, the same statement", Integer.toString(requests), fmt(jdbcSeconds, 2),
                            fmt(jdbcRate, 0))));
            line("");
            line(String.format(Locale.ROOT, "One client, one batch at a time, after %d warm-up batches each way. "
                    + "The JDBC path runs the statement PostgresRunRepository issues for a batch (bump "
                    + "jobs.last_run_seq by %d and insert the runs from one unnest, RETURNING them) in autocommit; "
                    + "the HTTP path adds parsing, the job's read and authorization, and the response with every "
                    + "run.", warmUp, BATCH));
            verdict("(f) HTTP / JDBC runs/s ratio", httpRate / jdbcRate, 0.7, true);
        }
    }

    private long newJob() throws Exception {
        return id(send(server.request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\":[\"bench\"]}")).build(), 201));
    }

    private void submitOverHttp(long job, String batch) throws Exception {
        send(server.request("/api/v1/jobs/" + job + "/runs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), 201);
    }

    private static void insertOverJdbc(Connection c, long job) throws SQLException {
        String[] configs = new String[BATCH];
        Arrays.fill(configs, RUN_CONFIG);
        try (PreparedStatement runs = c.prepareStatement("WITH job AS (UPDATE jobs SET last_run_seq = last_run_seq + ? "
                + "WHERE id = ? AND status = ANY(?::text[]) RETURNING id, last_run_seq) "
                + "INSERT INTO runs (job_id, seq, config, status, created_at) "
                + "SELECT job.id, job.last_run_seq - ? + s.ord, s.config::jsonb, ?, ? FROM job, unnest(?::text[]) "
                + "WITH ORDINALITY AS s (config, ord) ORDER BY s.ord "
                + "RETURNING id, job_id, seq, config::text AS config, status, created_at")) {
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
