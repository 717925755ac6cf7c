package io.runvault.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as the database keeps them: Postgres timestamptz stores microseconds, so finer digits would not survive. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Instant storable(Instant instant) {
        if (instant == null) {
            throw new InvalidValue("createdAt", "must be set");
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
