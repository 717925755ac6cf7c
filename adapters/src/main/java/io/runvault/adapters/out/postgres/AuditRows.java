package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/** The audit_log table through Micronaut Data; {@link PostgresAuditLog} holds the transactions. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AuditRows extends GenericRepository<AuditRow, Long> {
    /** Written as SQL so the database stamps the entry and answers it in the same statement. */
    @Query("INSERT INTO audit_log (actor, action, target, outcome) VALUES (:actor, :action, :target, :outcome) "
            + "RETURNING id, at, actor, action, target, outcome")
    AuditRow append(String actor, String action, @Nullable String target, String outcome);

    List<AuditRow> findByIdLessThan(long before, Pageable page);
}
