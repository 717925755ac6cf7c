package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
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

/** Adapter: runs in Postgres, numbered per job from the job row's counter. */
@Singleton
public class PostgresRunRepository implements RunRepository {
    private final TransactionOperations<Connection> tx;

    public PostgresRunRepository(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public List<Run> insertAll(JobId job, List<RunConfig> configs, Instant createdAt) {
        return tx.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            // Taking the numbers row-locks the job until commit: concurrent batches of one job queue up here,
            // so seq order is commit order and no reader ever sees seq n+1 without seq n.
            long last = Jdbc.queryOne(connection,
                    "UPDATE jobs SET last_run_seq = last_run_seq + ? WHERE id = ? RETURNING last_run_seq",
                    rs -> rs.getLong(1), configs.size(), job.value())
                    .orElseThrow(() -> new JobNotFound(job));
            long first = last - configs.size() + 1;
            Long[] seqs = new Long[configs.size()];
            String[] jsons = new String[configs.size()];
            for (int i = 0; i < configs.size(); i++) {
                seqs[i] = first + i;
                jsons[i] = configs.get(i).json();
            }
            return Jdbc.query(connection,
                    "INSERT INTO runs (job_id, seq, config, status, created_at) "
                            + "SELECT ?, s.seq, s.config::jsonb, ?, ? "
                            + "FROM unnest(?::bigint[], ?::text[]) AS s (seq, config) ORDER BY s.seq "
                            + "RETURNING " + RunRow.COLUMNS,
                    RunRow::read, job.value(), RunStatus.PENDING.name(), createdAt,
                    connection.createArrayOf("bigint", seqs), connection.createArrayOf("text", jsons))
                    .stream().map(RunRow::toDomain).sorted(Comparator.comparingLong(Run::seq)).toList();
        }));
    }

    @Override
    public Optional<Run> findById(RunId id) {
        return tx.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                "SELECT " + RunRow.COLUMNS + " FROM runs WHERE id = ?", RunRow::read, id.value())
                .map(RunRow::toDomain));
    }

    @Override
    public Page<Run> listByJob(JobId job, PageRequest page) {
        List<Run> runs = tx.executeRead(status -> Jdbc.query(status.getConnection(),
                "SELECT " + RunRow.COLUMNS + " FROM runs WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                RunRow::read, job.value(), page.after() == null ? 0L : page.after(), page.limit() + 1))
                .stream().map(RunRow::toDomain).toList();
        return Page.of(runs, page.limit(), Run::seq);
    }

    @Override
    public boolean updateStatus(RunId id, RunStatus expected, RunStatus target) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE runs SET status = ? WHERE id = ? AND status = ?", target.name(), id.value(), expected.name()))
                == 1;
    }
}
