package io.runvault.bootstrap;


import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three workers upload one run's results at the same instant, twenty times over: one of them stores its bytes (201),
 * the others are told the outcome (other bytes: 409 artifact-exists, the same bytes: 200), and the row, the stored
 * object and the 201 writer's bytes always agree. Subclasses run it against a store that honours If-None-Match and
 * one that ignores it.
 */
abstract class RacingWriters extends RacingRounds {
    @Override
    int runsNeeded() {
        return ROUNDS * 3;
    }

    @Test
    void writersOfDifferentBytesWithContentLengthGetOne201AndTwo409s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            differentBytesRound(false);
        }
    }

    @Test
    void writersOfDifferentChunkedBytesGetOne201AndTwo409s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            differentBytesRound(true);
        }
    }

    @Test
    void writersOfTheSameBytesGetOne201AndTwo200s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long run = nextRun();
            byte[] bytes = results(run, -1);
            assertOneStoredOthersAgreed(race(run, w -> bytes, w -> w % 2 == 1), bytes);
        }
    }

    private void differentBytesRound(boolean chunked) throws Exception {
        long run = nextRun();
        byte[][] bodies = new byte[WRITERS][];
        for (int w = 0; w < WRITERS; w++) {
            bodies[w] = results(run, w);
        }
        assertOneStoredOthersRefused(race(run, w -> bodies[w], w -> chunked), bodies);
    }

    private List<Api.Reply> race(long run, java.util.function.IntFunction<byte[]> body,
            java.util.function.IntPredicate chunked) throws Exception {
        var barrier = new CyclicBarrier(WRITERS);
        List<Future<Api.Reply>> writers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                byte[] bytes = body.apply(w);
                HttpRequest.BodyPublisher publisher = chunked.test(w)
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes);
                writers.add(threads.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    return worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                            .PUT(publisher));
                }));
            }
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> writer : writers) {
                replies.add(writer.get(60, TimeUnit.SECONDS));
            }
            return replies;
        }
    }

}
