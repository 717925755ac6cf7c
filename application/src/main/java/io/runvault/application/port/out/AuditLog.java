package io.runvault.application.port.out;

import io.runvault.domain.AuditEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;

/** Outgoing port: the append-only record of admin actions. */
public interface AuditLog {
    AuditEntry append(AuditEntry.New entry);

    /** Newest first: pages continue after the lowest id shown. */
    Page<AuditEntry> list(PageRequest page);
}
