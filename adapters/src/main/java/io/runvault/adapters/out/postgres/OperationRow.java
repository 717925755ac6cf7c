package io.runvault.adapters.out.postgres;

import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** Persistence row of the operations table, with its step counts summed up. */
record OperationRow(long id, String kind, long jobId, String state, String requestedBy, String error, long total,
        long done, long failed, OffsetDateTime createdAt, OffsetDateTime updatedAt, String runner,
        OffsetDateTime runnerUntil) {
    static final String SELECT = "SELECT o.id, o.kind, o.job_id, o.state, o.requested_by, o.error, "
            + "o.progress_total + (SELECT count(*) FROM operation_steps s WHERE s.operation_id = o.id) AS total, "
            + "o.progress_done + (SELECT count(*) FROM operation_steps s WHERE s.operation_id = o.id "
            + "AND s.state = 'DONE') AS done, "
            + "(SELECT count(*) FROM operation_steps s WHERE s.operation_id = o.id AND s.state = 'FAILED') "
            + "+ (SELECT count(*) FROM operation_findings f WHERE f.operation_id = o.id) AS failed, "
            + "o.created_at, o.updated_at, o.runner, o.runner_until FROM operations o";

    static OperationRow read(ResultSet rs) throws SQLException {
        return new OperationRow(
                rs.getLong("id"),
                rs.getString("kind"),
                rs.getLong("job_id"),
                rs.getString("state"),
                rs.getString("requested_by"),
                rs.getString("error"),
                rs.getLong("total"),
                rs.getLong("done"),
                rs.getLong("failed"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("runner"),
                rs.getObject("runner_until", OffsetDateTime.class));
    }

    Operation toDomain(List<Operation.Failure> failures) {
        return new Operation(new OperationId(id), OperationKind.valueOf(kind), new JobId(jobId),
                OperationState.valueOf(state), new Owner(requestedBy), total, done, failed, failures, error,
                createdAt.toInstant(), updatedAt.toInstant(),
                runner == null ? null : new Operation.Claim(new RunnerId(runner), runnerUntil.toInstant()));
    }
}
