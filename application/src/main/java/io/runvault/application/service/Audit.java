package io.runvault.application.service;

import io.runvault.application.port.in.AuditUseCase;
import io.runvault.application.port.out.AuditLog;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;

/** Use case: write and read the audit log of admin actions. */
public final class Audit implements AuditUseCase {
    private final AuditLog log;

    public Audit(AuditLog log) {
        this.log = log;
    }

    @Override
    public AuditEntry record(AuditEntry.New entry) {
        return log.append(entry);
    }

    @Override
    public Page<AuditEntry> list(PageRequest page) {
        return log.list(page);
    }
}
