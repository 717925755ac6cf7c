package io.runvault.adapters.in.background;

import io.micronaut.scheduling.annotation.Scheduled;
import io.runvault.adapters.AdapterSettings;
import io.runvault.application.port.out.IdempotencyStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: forgets expired Idempotency-Keys now and then. An expired key is free again even before this runs; the
 * purge only keeps the table from growing with every keyed request ever made. Several servers may purge at once.
 */
@Singleton
public class IdempotencyKeyPurge {
    private static final String INTERVAL = "${runvault.idempotency.purge-interval:"
            + AdapterSettings.Idempotency.PURGE_INTERVAL + "}";
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final IdempotencyStore store;

    public IdempotencyKeyPurge(IdempotencyStore store) {
        this.store = store;
    }

    // The first run waits a while, so a purge of a long-stopped server's backlog does not compete with its start.
    @Scheduled(initialDelay = INTERVAL, fixedDelay = INTERVAL)
    void purge() {
        // A purge that fails costs nothing but space: expired keys are free for reuse all the same.
        Upkeep.round(LOG, store::purgeExpired, "forgot {} expired idempotency key(s)",
                "purging expired idempotency keys failed");
    }
}
