package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.port.out.AuditLog;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Owner;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** Adapter: the audit log in Postgres, append-only; the database's clock stamps each entry. */
@ReportsDatabaseOutages
@Singleton
public class PostgresAuditLog implements AuditLog {
    private static final String COLUMNS = "id, at, actor, action, target, outcome";

    private final TransactionOperations<Connection> tx;

    public PostgresAuditLog(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public AuditEntry append(AuditEntry.New entry) {
        return tx.executeWrite(status -> Jdbc.queryOne(status.getConnection(),
                "INSERT INTO audit_log (actor, action, target, outcome) VALUES (?, ?, ?, ?) RETURNING " + COLUMNS,
                PostgresAuditLog::read, entry.actor().value(), entry.action(), entry.target(), entry.outcome())
                .orElseThrow());
    }

    @Override
    public Page<AuditEntry> list(PageRequest page) {
        List<AuditEntry> entries = tx.executeRead(status -> Jdbc.query(status.getConnection(),
                "SELECT " + COLUMNS + " FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
                PostgresAuditLog::read, page.after() == null ? Long.MAX_VALUE : page.after(), page.limit() + 1));
        return Page.of(entries, page.limit(), AuditEntry::id);
    }

    private static AuditEntry read(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                new Owner(rs.getString("actor")), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"));
    }
}
