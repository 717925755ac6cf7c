package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Artifact;
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
 * records survive whatever stops it, and no transaction is ever open while the store copies. Plain reads and the
 * insert go through {@link OperationRows}; every write of a run stays written out here, because the claim it is
 * fenced by is checked in the statement that writes.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresOperationRepository implements OperationRepository {
    /** Enough to show what went wrong; the counts say how much. */
    private static final int SHOWN_FAILURES = 100;
    private static final List<String> UNFINISHED = List.of(OperationState.RUNNING.name(),
            OperationState.FAILED.name());
    /**
     * The fence, for a statement on {@code operations} with the runner as the next parameter: the operation runs and
     * the runner's claim on it has not lapsed, by the database's clock.
     */
    static final String HELD = "state = 'RUNNING' AND runner = ? AND runner_until >= now()";

    private final TransactionOperations<Connection> tx;
    private final OperationRows rows;

    public PostgresOperationRepository(TransactionOperations<Connection> tx, OperationRows rows) {
        this.tx = tx;
        this.rows = rows;
    }

    @Override
    public Operation open(OperationKind kind, JobId job, Owner requestedBy) {
        return tx.executeWrite(status -> {
            OperationRow opened = rows.open(kind.name(), job.value(), requestedBy.value());
            if (opened == null) {
                throw new ConcurrentChange("job " + job + " got another operation at the same time");
            }
            return find(new OperationId(opened.id())).orElseThrow();
        });
    }

    @Override
    public Optional<Operation> findById(OperationId id) {
        return tx.executeRead(status -> find(id));
    }

    @Override
    public Optional<Operation> findUnfinished(JobId job) {
        return tx.executeRead(status -> rows.findIdByJobIdAndStateIn(job.value(), UNFINISHED)
                .flatMap(id -> find(new OperationId(id))));
    }

    @Override
    public List<OperationId> running() {
        return tx.executeRead(status -> rows.findUnclaimed()).stream().map(OperationId::new).toList();
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

    private static double seconds(Duration lease) {
        return lease.toMillis() / 1000.0;
    }

    /** Within the caller's transaction: the row and its failures are read at one point in time. */
    private Optional<Operation> find(OperationId id) {
        return rows.findView(id.value()).map(view -> view.toDomain(rows.findFailures(id.value(), SHOWN_FAILURES)
                .stream().map(OperationFailureRow::toDomain).toList()));
    }
}
