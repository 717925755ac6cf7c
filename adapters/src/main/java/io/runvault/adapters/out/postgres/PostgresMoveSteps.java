package io.runvault.adapters.out.postgres;

import static io.runvault.adapters.out.postgres.PostgresOperationRepository.HELD;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.port.out.MoveSteps;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import io.runvault.domain.OperationId;
import io.runvault.domain.StorageTier;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Adapter: {@link MoveSteps} in Postgres. The plan is one statement that reads the job's artifacts where they are,
 * fenced by the claim; a page of steps comes with its artifacts' rows in one query.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresMoveSteps implements MoveSteps {
    /** The artifact's columns, taken from the joined row so they keep their own names. */
    private static final String ARTIFACT_COLUMNS = Arrays.stream(ArtifactRow.COLUMNS.split(","))
            .map(column -> "a." + column.strip()).collect(Collectors.joining(", "));

    private final TransactionOperations<Connection> tx;

    public PostgresMoveSteps(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public boolean plan(Fence fence, StorageTier to) {
        // One statement: the steps go in only if the claim is held, and the answer says whether it was.
        return tx.executeWrite(status -> Jdbc.queryOne(status.getConnection(),
                "WITH held AS (SELECT id, job_id FROM operations WHERE id = ? AND " + HELD + "), "
                        + "added AS (INSERT INTO operation_steps (operation_id, artifact_id, key) "
                        + "SELECT held.id, a.id, a.key FROM held JOIN artifacts a ON a.job_id = held.job_id "
                        + "WHERE a.state = 'STORED' AND a.location <> ? ORDER BY a.id ON CONFLICT DO NOTHING) "
                        + "SELECT EXISTS (SELECT 1 FROM held)",
                rs -> rs.getBoolean(1), fence.operation().value(), fence.runner().value(), to.name()))
                .orElse(false);
    }

    @Override
    public List<OpenStep> openSteps(OperationId id, ArtifactId after, int limit) {
        return tx.executeRead(status -> Jdbc.query(status.getConnection(),
                "SELECT s.artifact_id AS step, " + ARTIFACT_COLUMNS + " FROM operation_steps s "
                        + "LEFT JOIN artifacts a ON a.id = s.artifact_id "
                        + "WHERE s.operation_id = ? AND s.state <> 'DONE' AND s.artifact_id > ? "
                        + "ORDER BY s.artifact_id LIMIT ?",
                rs -> new OpenStep(new ArtifactId(rs.getLong("step")),
                        rs.getObject("id") == null ? null : ArtifactRow.read(rs).toDomain()),
                id.value(), after == null ? 0L : after.value(), limit));
    }
}
