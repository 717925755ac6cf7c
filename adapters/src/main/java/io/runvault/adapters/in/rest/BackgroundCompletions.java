package io.runvault.adapters.in.rest;

import io.runvault.adapters.AdapterSettings;
import io.runvault.application.ConcurrentChange;
import io.runvault.domain.Artifact;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Completions a client asked to be answered asynchronously ({@code Prefer: respond-async}): each runs beside the
 * request that started it, and its outcome, stored artifact or refusal, is kept for the client's next ask of the same
 * completion. The write claim still decides who completes an upload, so a completion started here and another one
 * started on another server store it once. An outcome nobody asks for is forgotten after {@link #KEPT}, or sooner
 * when more than {@link #KEPT_PER_PLACE} per place are kept. At most {@code runvault.uploads.background-completions}
 * are under way at once: their requests have been answered, so nothing else bounds how many a client can start.
 */
@Singleton
final class BackgroundCompletions {
    /** How long an outcome waits for the client to ask for it. */
    static final Duration KEPT = Duration.ofHours(1);
    /** Outcomes kept per place: past that many, the oldest are forgotten first. */
    static final int KEPT_PER_PLACE = 16;

    /** One completion: the reservation, the upload, and the SHA-256 declared for it (null if none). */
    record Key(long artifact, String uploadId, String sha256) {
    }

    /** A stored artifact, and whether this upload's bytes were the ones stored. */
    record Completed(Artifact artifact, boolean created) {
    }

    /** A completion under way or ended here, and when it ended ({@link System#nanoTime}; 0 while under way). */
    private record Running(CompletableFuture<Completed> outcome, AtomicLong endedAt) {
    }

    private final Map<Key, Running> completions = new ConcurrentHashMap<>();
    private final Semaphore places;
    private final int maxKept;
    /** Virtual threads: a completion mostly waits on the store, for as long as reading a large object back takes. */
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("upload-completion-", 1).factory());

    BackgroundCompletions(AdapterSettings.Uploads settings) {
        this.places = new Semaphore(settings.backgroundCompletions());
        this.maxKept = KEPT_PER_PLACE * settings.backgroundCompletions();
    }

    /**
     * The outcome of the completion {@code key} if it ends within {@code wait}, starting it with {@code work} unless it
     * is under way here already; empty while it is still at work, and when no place is free to start it. A refusal is thrown, once: the next ask starts the
     * completion anew. {@link ConcurrentChange} is not a refusal here, only a sign that another writer is still at
     * work: the client asks again, as it would after a 202.
     */
    Optional<Completed> await(Key key, Supplier<Completed> work, Duration wait) {
        forgetUnclaimed();
        Running running = completions.computeIfAbsent(key, k -> places.tryAcquire() ? start(work) : null);
        if (running == null) {
            return Optional.empty();
        }
        try {
            Completed completed = running.outcome().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            completions.remove(key, running);
            return Optional.of(completed);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            completions.remove(key, running);
            Throwable failure = e.getCause();
            if (failure instanceof ConcurrentChange) {
                return Optional.empty();
            }
            if (failure instanceof RuntimeException refusal) {
                throw refusal;
            }
            throw new IllegalStateException("completing an upload failed", failure);
        }
    }

    private Running start(Supplier<Completed> work) {
        AtomicLong endedAt = new AtomicLong();
        try {
            // The place is free again before the outcome is: whoever is answered it may start another at once.
            return new Running(CompletableFuture.supplyAsync(() -> {
                try {
                    return work.get();
                } finally {
                    endedAt.set(System.nanoTime());
                    places.release();
                }
            }, executor), endedAt);
        } catch (RuntimeException e) {
            places.release();
            throw e;
        }
    }

    private void forgetUnclaimed() {
        long now = System.nanoTime();
        completions.values().removeIf(running -> running.endedAt().get() != 0
                && now - running.endedAt().get() > KEPT.toNanos());
        int over = completions.size() - maxKept;
        if (over > 0) {
            // Only a client that starts completions and never asks about them again piles outcomes up: the oldest
            // go first, and one asked for after all is started anew.
            completions.entrySet().stream().filter(e -> e.getValue().endedAt().get() != 0)
                    .sorted(Comparator.comparingLong(e -> e.getValue().endedAt().get())).limit(over).toList()
                    .forEach(e -> completions.remove(e.getKey(), e.getValue()));
        }
    }

    @PreDestroy
    void stop() {
        // A completion cut off here lets its write claim go or lapse; asked again, another server completes it.
        executor.shutdownNow();
    }
}
