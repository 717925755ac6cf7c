package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import java.time.OffsetDateTime;
import java.util.List;

/** A row of the operations table with its step counts summed up, as {@link OperationRows#findView} reads it. */
@Introspected
record OperationView(long id, String kind, long jobId, String state, String requestedBy, @Nullable String error,
        long total, long done, long failed, OffsetDateTime createdAt, OffsetDateTime updatedAt,
        @Nullable String runner, @Nullable OffsetDateTime runnerUntil) {
    static final String SELECT = "SELECT o.id, o.kind, o.job_id, o.state, o.requested_by, o.error, "
            + "o.progress_total + (SELECT count(*) FROM operation_steps s WHERE s.operation_id = o.id) AS total, "
            + "o.progress_done + (SELECT count(*) FROM operation_steps s WHERE s.operation_id = o.id "
            + "AND s.state = 'DONE') AS done, "
            + "(SELECT count(*) FROM operation_steps s WHERE s.operation_id = o.id AND s.state = 'FAILED') "
            + "+ (SELECT count(*) FROM operation_findings f WHERE f.operation_id = o.id) AS failed, "
            + "o.created_at, o.updated_at, o.runner, o.runner_until FROM operations o";

    Operation toDomain(List<Operation.Failure> failures) {
        return new Operation(new OperationId(id), OperationKind.valueOf(kind), new JobId(jobId),
                OperationState.valueOf(state), new Owner(requestedBy), total, done, failed, failures, error,
                createdAt.toInstant(), updatedAt.toInstant(),
                runner == null ? null : new Operation.Claim(new RunnerId(runner), runnerUntil.toInstant()));
    }
}
