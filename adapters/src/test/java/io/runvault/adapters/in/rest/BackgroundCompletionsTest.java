package io.runvault.adapters.in.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runvault.adapters.AdapterSettings;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.JobId;
import io.runvault.domain.StorageKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outcomes nobody asks for again are not kept without bound. */
class BackgroundCompletionsTest {
    private final BackgroundCompletions completions = new BackgroundCompletions(
            new AdapterSettings.Uploads(Duration.ofSeconds(60), Duration.ofSeconds(30), 1));

    @AfterEach
    void stop() {
        completions.stop();
    }

    @Test
    void outcomesNeverAskedForAgainAreForgottenOldestFirstPastTheirBound() throws Exception {
        int started = 3 * BackgroundCompletions.KEPT_PER_PLACE;
        for (int i = 0; i < started; i++) {
            var begun = new CountDownLatch(1);
            var finish = new CountDownLatch(1);
            long artifact = i + 1;
            Supplier<BackgroundCompletions.Completed> work = () -> {
                begun.countDown();
                awaitOpen(finish);
                return completed(artifact);
            };
            // The one place frees a moment after the last completion ended: ask until this one has begun.
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> completions.await(key(artifact), work, Duration.ZERO).isEmpty()
                            && begun.await(5, TimeUnit.MILLISECONDS));
            finish.countDown();
        }

        long anew = 1_000;
        assertEquals(started, completions.await(key(started), () -> completed(anew), Duration.ofSeconds(5))
                .orElseThrow().artifact().id().value(), "the newest outcome is kept");
        assertEquals(anew, completions.await(key(1), () -> completed(anew), Duration.ofSeconds(5)).orElseThrow()
                .artifact().id().value(), "the oldest was forgotten: asked again, it is started anew");
    }

    private static BackgroundCompletions.Key key(long artifact) {
        return new BackgroundCompletions.Key(artifact, "upload", null);
    }

    private static BackgroundCompletions.Completed completed(long artifact) {
        return new BackgroundCompletions.Completed(new Artifact(new ArtifactId(artifact),
                new ArtifactIdentity(new JobId(1), null, ArtifactKind.JOB_INPUT, null), new StorageKey("jobs/1/input"), ArtifactState.PENDING, null,
                null, null), true);
    }

    private static void awaitOpen(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
