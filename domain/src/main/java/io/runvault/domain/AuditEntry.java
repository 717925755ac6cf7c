package io.runvault.domain;

import java.time.Instant;
import java.util.Objects;

/** One admin action as the audit log keeps it: who did what to which target, when, and how it ended. */
public record AuditEntry(long id, Instant at, Owner actor, String action, String target, String outcome) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An entry about to be written: the log assigns the id and the time. */
    public record New(Owner actor, String action, String target, String outcome) {
        public New {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
