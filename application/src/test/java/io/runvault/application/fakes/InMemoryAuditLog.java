package io.runvault.application.fakes;

import io.runvault.application.port.out.AuditLog;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fake of the audit log for use-case tests. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry append(AuditEntry.New entry) {
        var stored = new AuditEntry(entries.size() + 1, Instant.now(), entry.actor(), entry.action(), entry.target(),
                entry.outcome());
        entries.add(stored);
        return stored;
    }

    @Override
    public synchronized Page<AuditEntry> list(PageRequest page) {
        var fetched = entries.reversed().stream()
                .filter(entry -> page.after() == null || entry.id() < page.after())
                .limit(page.limit() + 1L).toList();
        return Page.of(fetched, page.limit(), AuditEntry::id);
    }
}
