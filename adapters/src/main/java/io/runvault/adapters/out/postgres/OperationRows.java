package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The operations table and its steps' plain reads through Micronaut Data; {@link PostgresOperationRepository} holds
 * the transactions and writes every claim, fence and state change itself.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface OperationRows extends GenericRepository<OperationRow, Long> {
    /**
     * Null when the job already has an unfinished operation: the partial unique index admits one per job, and losing
     * that race is a conflict rather than an error.
     */
    @Nullable
    @Query("INSERT INTO operations (kind, job_id, state, requested_by) VALUES (:kind, :jobId, 'RUNNING', "
            + ":requestedBy) ON CONFLICT DO NOTHING RETURNING *")
    OperationRow open(String kind, long jobId, String requestedBy);

    /** Written out: the counts are summed over the steps and findings in the same read. */
    @Query(OperationView.SELECT + " WHERE o.id = :id")
    Optional<OperationView> findView(long id);

    @Query("(SELECT artifact_id, key, message FROM operation_steps WHERE operation_id = :id AND state = 'FAILED' "
            + "ORDER BY artifact_id LIMIT :limit) UNION ALL (SELECT NULL AS artifact_id, key, message "
            + "FROM operation_findings WHERE operation_id = :id ORDER BY key LIMIT :limit)")
    List<OperationFailureRow> findFailures(long id, int limit);

    Optional<Long> findIdByJobIdAndStateIn(long jobId, Collection<String> state);

    /** Written out: whether a claim has lapsed is the database clock's to say. */
    @Query("SELECT id FROM operations WHERE state = 'RUNNING' AND (runner_until IS NULL OR runner_until < now()) "
            + "ORDER BY id")
    List<Long> findUnclaimed();
}
