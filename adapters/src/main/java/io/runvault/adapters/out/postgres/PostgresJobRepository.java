package io.runvault.adapters.out.postgres;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobFilter;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.NewJob;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adapter: jobs in Postgres; the identity column hands out ids. A single statement runs on a connection of its own in
 * autocommit, or on the caller's transaction when there is one: a BEGIN/COMMIT around one statement is two more
 * round trips for nothing.
 */
/*
 * Written out rather than through Micronaut Data: the listing's filters are put together per request (tag arrays
 * matched with @>), status changes are compare-and-set, and the purge deletes a job's rows and leaves its tombstone
 * under the lock of the job's row.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresJobRepository implements JobRepository {
    private final TransactionOperations<Connection> tx;
    private final ConnectionOperations<Connection> connections;

    public PostgresJobRepository(TransactionOperations<Connection> tx, ConnectionOperations<Connection> connections) {
        this.tx = tx;
        this.connections = connections;
    }

    @Override
    public Job insert(NewJob job) {
        return connections.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            var tags = connection.createArrayOf("text", job.tags().values().toArray());
            return Jdbc.queryOne(connection,
                    "INSERT INTO jobs (owner, tags, status, created_at) VALUES (?, ?, ?, ?) RETURNING " + JobRow.COLUMNS,
                    JobRow::read, job.owner().value(), tags, JobStatus.CREATED.name(), job.createdAt())
                    .orElseThrow().toDomain();
        }));
    }

    @Override
    public Optional<Job> findById(JobId id) {
        return connections.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE id = ?", JobRow::read, id.value())
                .map(JobRow::toDomain));
    }

    @Override
    public Page<Job> list(JobFilter filter, PageRequest page) {
        var sql = new StringBuilder("SELECT " + JobRow.COLUMNS + " FROM jobs WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.owner() != null) {
            sql.append(" AND owner = ?");
            params.add(filter.owner().value());
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status().name());
        }
        if (filter.tag() != null) {
            sql.append(" AND tags @> ARRAY[?]::text[]");
            params.add(filter.tag());
        }
        if (page.after() != null) {
            sql.append(" AND id < ?");
            params.add(page.after());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(page.limit() + 1);
        List<Job> jobs = connections.executeRead(status -> Jdbc.query(status.getConnection(), sql.toString(),
                JobRow::read, params.toArray())).stream().map(JobRow::toDomain).toList();
        return Page.of(jobs, page.limit(), job -> job.id().value());
    }

    @Override
    public boolean updateStatus(JobId id, JobStatus expected, JobStatus target) {
        return connections.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE jobs SET status = ? WHERE id = ? AND status = ?", target.name(), id.value(), expected.name()))
                == 1;
    }

    @Override
    public boolean purge(JobId id) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            // The row lock keeps a concurrent status change from slipping between the check and the deletes.
            Optional<String> current = Jdbc.queryOne(connection, "SELECT status FROM jobs WHERE id = ? FOR UPDATE",
                    rs -> rs.getString(1), id.value());
            if (current.isEmpty()) {
                return isPurged(connection, id);
            }
            if (!current.get().equals(JobStatus.PURGING.name())) {
                return false;
            }
            Jdbc.update(connection, "DELETE FROM artifacts WHERE job_id = ?", id.value());
            Jdbc.update(connection, "DELETE FROM runs WHERE job_id = ?", id.value());
            Jdbc.update(connection, "DELETE FROM jobs WHERE id = ?", id.value());
            Jdbc.update(connection, "INSERT INTO purged_jobs (job_id) VALUES (?) ON CONFLICT DO NOTHING", id.value());
            return true;
        });
    }

    @Override
    public boolean isPurged(JobId id) {
        return connections.executeRead(status -> isPurged(status.getConnection(), id));
    }

    private static boolean isPurged(Connection connection, JobId id) {
        return Jdbc.queryOne(connection, "SELECT 1 FROM purged_jobs WHERE job_id = ?", rs -> true, id.value())
                .isPresent();
    }
}
