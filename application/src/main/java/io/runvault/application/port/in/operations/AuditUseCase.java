package io.runvault.application.port.in.operations;

import io.runvault.domain.AuditEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;

/** Use case: record admin actions and let admins read them back, newest first. */
public interface AuditUseCase {
    /** Whoever acted, refused callers included: the record is Runvault's own, not an action of the caller's. */
    AuditEntry record(AuditEntry.New entry);

    Page<AuditEntry> list(Principal principal, PageRequest page);
}
