package io.runvault.adapters.out;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Health checks bounded in time: a probe that does not answer within its limit reports DOWN, so {@code /health}
 * answers promptly whatever is down (a database that accepts no connections, a store that never answers). A probe
 * left behind runs on to its own timeouts on a virtual thread of its own.
 */
public final class HealthChecks {
    /** Each indicator's limit; they run side by side, so /health answers within about this. */
    public static final Duration LIMIT = Duration.ofMillis(1500);

    private HealthChecks() {
    }

    /**
     * The probe's answer, empty when it failed or did not answer in time; either way {@code details} gets the
     * probe's latency and, on failure, what went wrong (messages name what failed, never secrets).
     */
    public static <T> Optional<T> probe(Map<String, Object> details, Supplier<T> probe) {
        long started = System.nanoTime();
        try {
            return Optional.of(within(probe));
        } catch (Exception e) {
            details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return Optional.empty();
        } finally {
            details.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The probe's answer, or the exception saying why it failed or did not answer in time. */
    public static <T> T within(Supplier<T> probe) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("health-probe").start(() -> {
            try {
                answer.complete(probe.get());
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + LIMIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
