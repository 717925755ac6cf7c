package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Owner;
import java.time.OffsetDateTime;

/** Persistence row of the audit_log table; the id and the time are the database's. */
@MappedEntity("audit_log")
record AuditRow(@Id @GeneratedValue Long id, @GeneratedValue OffsetDateTime at, String actor, String action,
        @Nullable String target, String outcome) {

    AuditEntry toDomain() {
        return new AuditEntry(id, at.toInstant(), new Owner(actor), action, target, outcome);
    }
}
