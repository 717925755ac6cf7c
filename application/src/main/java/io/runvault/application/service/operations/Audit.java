package io.runvault.application.service.operations;

import io.runvault.application.AccessPolicy;
import io.runvault.application.port.in.operations.AuditUseCase;
import io.runvault.application.port.out.AuditLog;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;

/** Use case: write and read the audit log of admin actions. */
public final class Audit implements AuditUseCase {
    private final AuditLog log;
    private final AccessPolicy policy;

    public Audit(AuditLog log, AccessPolicy policy) {
        this.log = log;
        this.policy = policy;
    }

    @Override
    public AuditEntry record(AuditEntry.New entry) {
        return log.append(entry);
    }

    @Override
    public Page<AuditEntry> list(Principal principal, PageRequest page) {
        policy.require(principal, "read the audit log", Role.ADMIN);
        return log.list(page);
    }
}
