package io.runvault.adapters.out.postgres;

import io.micronaut.data.connection.ConnectionOperations;
import io.runvault.application.JobNotFound;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Adapter: runs in Postgres, numbered per job from the job row's counter. Every method is one statement, run in
 * autocommit or on the caller's transaction.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresRunRepository implements RunRepository {
    private final ConnectionOperations<Connection> connections;

    public PostgresRunRepository(ConnectionOperations<Connection> connections) {
        this.connections = connections;
    }

    @Override
    public List<Run> insertAll(JobId job, List<RunConfig> configs, Instant createdAt) {
        return connections.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            // One statement: bumping the counter row-locks the job until the statement commits, so concurrent
            // batches of one job queue up, seq order is commit order, no reader ever sees seq n+1 without seq n,
            // and a batch that fails takes its numbers back with it (no gap).
            List<RunRow> inserted = Jdbc.query(connection,
                    "WITH job AS (UPDATE jobs SET last_run_seq = last_run_seq + ? WHERE id = ? "
                            + "RETURNING id, last_run_seq) "
                            + "INSERT INTO runs (job_id, seq, config, status, created_at) "
                            + "SELECT job.id, job.last_run_seq - ? + s.ord, s.config::jsonb, ?, ? "
                            + "FROM job, unnest(?::text[]) WITH ORDINALITY AS s (config, ord) ORDER BY s.ord "
                            + "RETURNING " + RunRow.COLUMNS,
                    RunRow::read, configs.size(), job.value(), configs.size(), RunStatus.PENDING.name(), createdAt,
                    connection.createArrayOf("text", configs.stream().map(RunConfig::json).toArray(String[]::new)));
            if (inserted.isEmpty()) {
                throw new JobNotFound(job);
            }
            return inserted.stream().map(RunRow::toDomain).sorted(Comparator.comparingLong(Run::seq)).toList();
        }));
    }

    @Override
    public Optional<Run> findById(RunId id) {
        return connections.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                "SELECT " + RunRow.COLUMNS + " FROM runs WHERE id = ?", RunRow::read, id.value())
                .map(RunRow::toDomain));
    }

    @Override
    public Page<Run> listByJob(JobId job, PageRequest page) {
        List<Run> runs = connections.executeRead(status -> Jdbc.query(status.getConnection(),
                "SELECT " + RunRow.COLUMNS + " FROM runs WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                RunRow::read, job.value(), page.after() == null ? 0L : page.after(), page.limit() + 1))
                .stream().map(RunRow::toDomain).toList();
        return Page.of(runs, page.limit(), Run::seq);
    }

    @Override
    public boolean updateStatus(RunId id, RunStatus expected, RunStatus target) {
        return connections.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE runs SET status = ? WHERE id = ? AND status = ?", target.name(), id.value(), expected.name()))
                == 1;
    }
}
