package io.runvault.adapters.in.background;

import io.micronaut.context.annotation.Requires;
import io.runvault.adapters.AdapterSettings;
import io.runvault.application.ClaimLost;
import io.runvault.application.port.in.operations.RunOperationUseCase;
import io.runvault.application.port.out.OperationScheduler;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: runs admin operations on a small pool of background threads, one thread per operation at a time. An
 * operation asked for again while it runs here is run once more afterwards (it may have been reopened meanwhile).
 * The claims on the operations running here are renewed three times per lease, so they lapse only when this server
 * stops renewing them: when it died.
 */
/* Only where the use cases are wired (the server), not in adapter tests that start a bare context. */
@Requires(beans = RunOperationUseCase.class)
@Singleton
public class BackgroundOperations implements OperationScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundOperations.class);

    private final RunOperationUseCase runOperation;
    private final ExecutorService executor;
    private final ScheduledExecutorService renewals;
    /** Operations running here; the value says whether one was asked for again meanwhile. */
    private final Map<OperationId, Boolean> active = new HashMap<>();

    public BackgroundOperations(RunOperationUseCase runOperation,
            AdapterSettings.Archive archive, AdapterSettings.Operations operations) {
        int threads = archive.threads();
        Duration lease = operations.lease();
        this.runOperation = runOperation;
        this.executor = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("runvault-operation-", 1).daemon(true).factory());
        this.renewals = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("runvault-operation-claims").daemon(true).factory());
        long period = Math.max(1, lease.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewClaims, period, period, TimeUnit.MILLISECONDS);
    }

    private void renewClaims() {
        List<OperationId> running;
        synchronized (this) {
            running = List.copyOf(active.keySet());
        }
        for (OperationId id : running) {
            try {
                if (!runOperation.renewClaim(id) && stillActive(id)) {
                    // Its next write finds the claim gone as well, and stops the run there.
                    LOG.warn("operation {} lost its claim here (it lapsed, or another server took it over): "
                            + "stopping it", id);
                }
            } catch (RuntimeException e) {
                // Tried again within the lease; a claim that lapses meanwhile lets another server take over.
                LOG.warn("could not renew the claim on operation {}: {}", id, e.toString());
            }
        }
    }

    @Override
    public synchronized void schedule(OperationId id) {
        if (active.containsKey(id)) {
            active.put(id, true);
            return;
        }
        active.put(id, false);
        executor.execute(() -> drive(id));
    }

    private void drive(OperationId id) {
        do {
            try {
                var operation = runOperation.run(id);
                if (operation.state() == OperationState.RUNNING) {
                    LOG.info("operation {} ({} of job {}) is claimed by another server", id, operation.kind(),
                            operation.job());
                } else {
                    LOG.info("operation {} ({} of job {}) ended {}: {}/{} done, {} failed", id, operation.kind(),
                            operation.job(), operation.state(), operation.done(), operation.total(),
                            operation.failed());
                }
            } catch (ClaimLost e) {
                // Not an error here: whoever holds the claim now finishes, ends and audits the operation.
                LOG.warn("operation {} stopped: {}", id, e.getMessage());
            } catch (RuntimeException e) {
                // Left RUNNING: asking again, or the next start, resumes it.
                LOG.error("operation {} stopped", id, e);
            }
        } while (again(id));
    }

    private synchronized boolean stillActive(OperationId id) {
        return active.containsKey(id);
    }

    private synchronized boolean again(OperationId id) {
        if (Boolean.TRUE.equals(active.get(id))) {
            active.put(id, false);
            return true;
        }
        active.remove(id);
        return false;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        renewals.shutdownNow();
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("background operations did not stop within 10s; they resume at the next start");
        }
    }
}
