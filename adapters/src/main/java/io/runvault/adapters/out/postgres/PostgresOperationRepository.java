package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import io.runvault.domain.StorageKey;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Adapter: operations and their steps in Postgres. Each call is its own short transaction, so the steps an operation
 * records survive whatever stops it, and no transaction is ever open while the store copies.
 */
@Singleton
public class PostgresOperationRepository implements OperationRepository {
    /** Enough to show what went wrong; the counts say how much. */
    private static final int SHOWN_FAILURES = 100;

    private final TransactionOperations<Connection> tx;

    public PostgresOperationRepository(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public Operation open(OperationKind kind, JobId job, Owner requestedBy) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            // The partial unique index admits one unfinished operation per job; losing that race is a conflict.
            Optional<Long> id = Jdbc.queryOne(connection,
                    "INSERT INTO operations (kind, job_id, state, requested_by) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING RETURNING id",
                    rs -> rs.getLong(1), kind.name(), job.value(), OperationState.RUNNING.name(),
                    requestedBy.value());
            return find(connection, new OperationId(id.orElseThrow(
                    () -> new ConcurrentChange("job " + job + " got another operation at the same time"))))
                    .orElseThrow();
        });
    }

    @Override
    public Optional<Operation> findById(OperationId id) {
        return tx.executeRead(status -> find(status.getConnection(), id));
    }

    @Override
    public Optional<Operation> findUnfinished(JobId job) {
        return tx.executeRead(status -> {
            Connection connection = status.getConnection();
            return Jdbc.queryOne(connection,
                    "SELECT id FROM operations WHERE job_id = ? AND state IN ('RUNNING', 'FAILED')",
                    rs -> new OperationId(rs.getLong(1)), job.value())
                    .flatMap(id -> find(connection, id));
        });
    }

    @Override
    public List<OperationId> running() {
        return tx.executeRead(status -> Jdbc.query(status.getConnection(),
                "SELECT id FROM operations WHERE state = 'RUNNING' AND (runner_until IS NULL OR runner_until < now()) "
                        + "ORDER BY id", rs -> new OperationId(rs.getLong(1))));
    }

    // The database's clock decides whether a claim has lapsed, so servers with clocks apart cannot both hold one.
    @Override
    public boolean claim(OperationId id, RunnerId runner, Duration lease) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET runner = ?, runner_until = now() + make_interval(secs => ?) "
                        + "WHERE id = ? AND state = 'RUNNING' "
                        + "AND (runner IS NULL OR runner = ? OR runner_until < now())",
                runner.value(), lease.toMillis() / 1000.0, id.value(), runner.value())) == 1;
    }

    @Override
    public void release(OperationId id, RunnerId runner) {
        tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET runner = NULL, runner_until = NULL WHERE id = ? AND runner = ?",
                id.value(), runner.value()));
    }

    @Override
    public boolean moveTo(OperationId id, OperationState expected, OperationState target, String error) {
        if (!expected.canMoveTo(target)) {
            throw new IllegalArgumentException("operation cannot move from " + expected + " to " + target);
        }
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET state = ?, error = ?, updated_at = now() WHERE id = ? AND state = ?",
                target.name(), error, id.value(), expected.name())) == 1;
    }

    @Override
    public void addSteps(OperationId id, List<Artifact> artifacts) {
        if (artifacts.isEmpty()) {
            return;
        }
        Long[] ids = artifacts.stream().map(artifact -> artifact.id().value()).toArray(Long[]::new);
        String[] keys = artifacts.stream().map(artifact -> artifact.key().value()).toArray(String[]::new);
        tx.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            return Jdbc.update(connection,
                    "INSERT INTO operation_steps (operation_id, artifact_id, key) "
                            + "SELECT ?, s.artifact_id, s.key FROM unnest(?::bigint[], ?::text[]) AS s (artifact_id, key) "
                            + "ON CONFLICT DO NOTHING",
                    id.value(), connection.createArrayOf("bigint", ids), connection.createArrayOf("text", keys));
        }));
    }

    @Override
    public List<ArtifactId> openSteps(OperationId id, ArtifactId after, int limit) {
        return tx.executeRead(status -> Jdbc.query(status.getConnection(),
                "SELECT artifact_id FROM operation_steps WHERE operation_id = ? AND state <> 'DONE' "
                        + "AND artifact_id > ? ORDER BY artifact_id LIMIT ?",
                rs -> new ArtifactId(rs.getLong(1)), id.value(), after == null ? 0L : after.value(), limit));
    }

    @Override
    public void stepDone(OperationId id, ArtifactId artifact) {
        step(id, artifact, "DONE", null);
    }

    @Override
    public void stepFailed(OperationId id, ArtifactId artifact, String message) {
        step(id, artifact, "FAILED", message);
    }

    @Override
    public void reopenFailedSteps(OperationId id) {
        tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operation_steps SET state = 'OPEN', message = NULL WHERE operation_id = ? AND state = 'FAILED'",
                id.value()));
    }

    @Override
    public void addProgress(OperationId id, long total, long done) {
        tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET progress_total = progress_total + ?, progress_done = progress_done + ?, "
                        + "updated_at = now() WHERE id = ?",
                total, done, id.value()));
    }

    private void step(OperationId id, ArtifactId artifact, String state, String message) {
        tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operation_steps SET state = ?, message = ?, attempts = attempts + 1 "
                        + "WHERE operation_id = ? AND artifact_id = ?",
                state, message, id.value(), artifact.value()));
    }

    private static Optional<Operation> find(Connection connection, OperationId id) {
        return Jdbc.queryOne(connection, OperationRow.SELECT + " WHERE o.id = ?", OperationRow::read, id.value())
                .map(row -> row.toDomain(Jdbc.query(connection,
                        "SELECT artifact_id, key, message FROM operation_steps "
                                + "WHERE operation_id = ? AND state = 'FAILED' ORDER BY artifact_id LIMIT ?",
                        rs -> new Operation.Failure(new ArtifactId(rs.getLong(1)), new StorageKey(rs.getString(2)),
                                rs.getString(3)),
                        id.value(), SHOWN_FAILURES)));
    }
}
