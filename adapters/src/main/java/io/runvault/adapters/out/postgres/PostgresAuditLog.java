package io.runvault.adapters.out.postgres;

import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.port.out.AuditLog;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;

/** Adapter: the audit log in Postgres, append-only; the database's clock stamps each entry. */
@ReportsDatabaseOutages
@Singleton
public class PostgresAuditLog implements AuditLog {
    private final TransactionOperations<Connection> tx;
    private final AuditRows rows;

    public PostgresAuditLog(TransactionOperations<Connection> tx, AuditRows rows) {
        this.tx = tx;
        this.rows = rows;
    }

    @Override
    public AuditEntry append(AuditEntry.New entry) {
        return tx.executeWrite(status -> rows.append(entry.actor().value(), entry.action(), entry.target(),
                entry.outcome())).toDomain();
    }

    @Override
    public Page<AuditEntry> list(PageRequest page) {
        List<AuditEntry> entries = tx.executeRead(status -> rows.findByIdLessThan(
                page.after() == null ? Long.MAX_VALUE : page.after(),
                Pageable.from(0, page.limit() + 1, Sort.of(Sort.Order.desc("id")))))
                .stream().map(AuditRow::toDomain).toList();
        return Page.of(entries, page.limit(), AuditEntry::id);
    }
}
