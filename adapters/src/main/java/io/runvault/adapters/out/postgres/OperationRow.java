package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.OffsetDateTime;

/**
 * Persistence row of the operations table as stored; {@link OperationView} adds the step counts. Progress, claims
 * and states change only through the fenced statements of {@link PostgresOperationRepository}.
 */
@MappedEntity("operations")
record OperationRow(@Id @GeneratedValue Long id, String kind, long jobId, String state, String requestedBy,
        @Nullable String error, long progressTotal, long progressDone, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, @Nullable String runner, @Nullable OffsetDateTime runnerUntil) {
}
