package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
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
@ReportsDatabaseOutages
@Singleton
public class PostgresOperationRepository implements OperationRepository {
    /** Enough to show what went wrong; the counts say how much. */
    private static final int SHOWN_FAILURES = 100;
    /**
     * The fence, for a statement on {@code operations} with the runner as the next parameter: the operation runs and
     * the runner's claim on it has not lapsed, by the database's clock.
     */
    static final String HELD = "state = 'RUNNING' AND runner = ? AND runner_until >= now()";

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
    public boolean claim(Fence fence, Duration lease) {
        String runner = fence.runner().value();
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET runner = ?, runner_until = now() + make_interval(secs => ?) "
                        + "WHERE id = ? AND state = 'RUNNING' "
                        + "AND (runner IS NULL OR runner = ? OR runner_until < now())",
                runner, seconds(lease), fence.operation().value(), runner)) == 1;
    }

    @Override
    public boolean renew(Fence fence, Duration lease) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET runner_until = now() + make_interval(secs => ?) WHERE id = ? AND " + HELD,
                seconds(lease), fence.operation().value(), fence.runner().value())) == 1;
    }

    @Override
    public boolean holds(Fence fence) {
        return tx.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                "SELECT 1 FROM operations WHERE id = ? AND " + HELD, rs -> true, fence.operation().value(),
                fence.runner().value())).isPresent();
    }

    @Override
    public void release(OperationId id, RunnerId runner) {
        tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET runner = NULL, runner_until = NULL WHERE id = ? AND runner = ?",
                id.value(), runner.value()));
    }

    @Override
    public boolean moveTo(Operation.Transition transition) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET state = ?, error = ?, updated_at = now() WHERE id = ? AND state = ?",
                transition.to().name(), transition.error(), transition.id().value(),
                transition.from().name())) == 1;
    }

    @Override
    public boolean end(Fence fence, Operation.Ending ending) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET state = ?, error = ?, updated_at = now(), runner = NULL, runner_until = NULL "
                        + "WHERE id = ? AND " + HELD,
                ending.state().name(), ending.error(), fence.operation().value(), fence.runner().value())) == 1;
    }

    @Override
    public boolean addSteps(Fence fence, List<Artifact> artifacts) {
        Long[] ids = artifacts.stream().map(artifact -> artifact.id().value()).toArray(Long[]::new);
        String[] keys = artifacts.stream().map(artifact -> artifact.key().value()).toArray(String[]::new);
        return tx.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            // One statement: the steps go in only if the claim is held, and the answer says whether it was.
            return Jdbc.queryOne(connection,
                    "WITH held AS (SELECT id FROM operations WHERE id = ? AND " + HELD + "), "
                            + "added AS (INSERT INTO operation_steps (operation_id, artifact_id, key) "
                            + "SELECT held.id, s.artifact_id, s.key FROM held, "
                            + "unnest(?::bigint[], ?::text[]) AS s (artifact_id, key) ON CONFLICT DO NOTHING) "
                            + "SELECT EXISTS (SELECT 1 FROM held)",
                    rs -> rs.getBoolean(1), fence.operation().value(), fence.runner().value(),
                    connection.createArrayOf("bigint", ids), connection.createArrayOf("text", keys))
                    .orElse(false);
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
    public boolean stepDone(Fence fence, ArtifactId artifact) {
        return step(fence, artifact, "DONE", null);
    }

    @Override
    public boolean stepFailed(Fence fence, ArtifactId artifact, String message) {
        return step(fence, artifact, "FAILED", message);
    }

    @Override
    public void reopenFailedSteps(OperationId id) {
        tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operation_steps SET state = 'OPEN', message = NULL WHERE operation_id = ? AND state = 'FAILED'",
                id.value()));
    }

    @Override
    public boolean addProgress(Fence fence, long total, long done) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operations SET progress_total = progress_total + ?, progress_done = progress_done + ?, "
                        + "updated_at = now() WHERE id = ? AND " + HELD,
                total, done, fence.operation().value(), fence.runner().value())) == 1;
    }

    @Override
    public boolean addFinding(Fence fence, StorageKey key, String message) {
        return tx.executeWrite(status -> Jdbc.queryOne(status.getConnection(),
                "WITH held AS (SELECT id FROM operations WHERE id = ? AND " + HELD + "), "
                        + "added AS (INSERT INTO operation_findings (operation_id, key, message) "
                        + "SELECT held.id, ?, ? FROM held ON CONFLICT DO NOTHING) "
                        + "SELECT EXISTS (SELECT 1 FROM held)",
                rs -> rs.getBoolean(1), fence.operation().value(), fence.runner().value(), key.value(), message))
                .orElse(false);
    }

    private boolean step(Fence fence, ArtifactId artifact, String state, String message) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE operation_steps SET state = ?, message = ?, attempts = attempts + 1 "
                        + "WHERE operation_id = ? AND artifact_id = ? "
                        + "AND EXISTS (SELECT 1 FROM operations WHERE id = operation_id AND " + HELD + ")",
                state, message, fence.operation().value(), artifact.value(), fence.runner().value())) == 1;
    }

    private static double seconds(Duration lease) {
        return lease.toMillis() / 1000.0;
    }

    private static Optional<Operation> find(Connection connection, OperationId id) {
        return Jdbc.queryOne(connection, OperationRow.SELECT + " WHERE o.id = ?", OperationRow::read, id.value())
                .map(row -> row.toDomain(Jdbc.query(connection,
                        "(SELECT artifact_id, key, message FROM operation_steps "
                                + "WHERE operation_id = ? AND state = 'FAILED' ORDER BY artifact_id LIMIT ?) "
                                + "UNION ALL (SELECT NULL, key, message FROM operation_findings "
                                + "WHERE operation_id = ? ORDER BY key LIMIT ?)",
                        rs -> new Operation.Failure(rs.getObject(1) == null ? null : new ArtifactId(rs.getLong(1)),
                                new StorageKey(rs.getString(2)), rs.getString(3)),
                        id.value(), SHOWN_FAILURES, id.value(), SHOWN_FAILURES)));
    }
}
