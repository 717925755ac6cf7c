package io.runvault.application.port.in;

import io.runvault.domain.AuditEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;

/** Use case: record admin actions and read them back, newest first. */
public interface AuditUseCase {
    AuditEntry record(AuditEntry.New entry);

    Page<AuditEntry> list(PageRequest page);
}
