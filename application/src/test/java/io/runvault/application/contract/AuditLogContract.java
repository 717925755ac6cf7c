package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.port.out.AuditLog;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Owner;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every AuditLog must do; run against the in-memory fake and the Postgres adapter. */
public abstract class AuditLogContract {
    protected abstract AuditLog audit();

    @Test
    void anAppendedEntryIsStampedAndListedNewestFirstPageByPage() {
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        AuditEntry first = audit().append(new AuditEntry.New(new Owner("admin"), "TOKEN revoked", "token 1", "OK"));
        AuditEntry second = audit().append(new AuditEntry.New(new Owner("admin"), "ARCHIVE finished", null,
                "SUCCEEDED"));

        assertTrue(second.id() > first.id());
        assertTrue(first.at().isAfter(before), () -> "stamped now: " + first.at());
        assertEquals(new Owner("admin"), first.actor());
        assertEquals("token 1", first.target());
        assertNull(second.target());
        Page<AuditEntry> newest = audit().list(PageRequest.first(1));
        assertEquals(List.of(second), newest.items());
        Page<AuditEntry> next = audit().list(new PageRequest(newest.next(), 1));
        assertEquals(List.of(first), next.items());
        assertFalse(audit().list(new PageRequest(first.id(), 10)).items().contains(first), "after the lowest shown");
    }
}
