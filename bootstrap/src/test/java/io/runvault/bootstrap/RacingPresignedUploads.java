package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.runvault.application.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three clients each request a presigned single upload of one run's final results at the same instant, PUT their
 * bytes and complete, twenty times over: one completion stores its bytes (201), the others are told the outcome
 * (other bytes: 409 artifact-exists, the same bytes: 200), and the row, the stored object and the 201 client's bytes
 * always agree. Subclasses run it against a store that honours If-None-Match and one that ignores it.
 */
abstract class RacingPresignedUploads extends RacingRounds {
    @Override
    int runsNeeded() {
        return ROUNDS * 2 + 1;
    }

    @Test
    void clientsUploadingDifferentBytesGetOne201AndTwo409s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long run = nextRun();
            byte[][] bodies = new byte[WRITERS][];
            for (int c = 0; c < WRITERS; c++) {
                bodies[c] = results(run, c);
            }
            assertOneStoredOthersRefused(race(run, bodies), bodies);
        }
    }

    @Test
    void clientsUploadingTheSameBytesGetOne201AndTwo200s() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long run = nextRun();
            byte[] bytes = results(run, -1);
            assertOneStoredOthersAgreed(race(run, new byte[][] {bytes, bytes, bytes}), bytes);
        }
    }

    @Test
    void aPutToTheStagingUrlAfterCompletingCannotChangeWhatIsStored() throws Exception {
        long run = nextRun();
        byte[] bytes = results(run, 0);
        JsonNode upload = request(run);
        assertEquals(200, ArtifactsApiTest.presignedPut(upload, bytes).statusCode());
        Api.Reply completed = complete(upload, bytes);
        assertEquals(201, completed.status(), completed.raw().body());

        byte[] other = results(run, 1);
        var again = ArtifactsApiTest.presignedPut(upload, other);
        assertEquals(200, again.statusCode(), "the staging key was emptied once copied: " + again.body());
        Api.Reply completedAgain = worker.post("/api/v1/jobs/" + job + "/uploads/"
                + upload.get("artifactId").getLongValue() + "/complete", ArtifactsApiTest.completion(upload, null));
        assertEquals(409, completedAgain.status(), completedAgain.raw().body());
        assertTrue(completedAgain.problemType().endsWith("artifact-exists"), completedAgain.raw().body());
        assertStoredAre(completed, bytes);
    }

    /**
     * Each client requests its upload and PUTs its bytes once all are released; all complete together once every
     * PUT is done, so the completions race (an upload requested after another's completion would be refused).
     */
    private List<Api.Reply> race(long run, byte[][] bodies) throws Exception {
        var barrier = new CyclicBarrier(WRITERS);
        List<Future<Api.Reply>> clients = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < WRITERS; c++) {
                byte[] bytes = bodies[c];
                clients.add(threads.submit(() -> {
                    JsonNode upload;
                    try {
                        barrier.await(30, TimeUnit.SECONDS);
                        upload = request(run);
                        var put = ArtifactsApiTest.presignedPut(upload, bytes);
                        assertEquals(200, put.statusCode(), put.body());
                    } catch (Throwable e) {
                        // The others stop waiting for this client at once, and its failure is the one reported.
                        barrier.reset();
                        throw e;
                    }
                    barrier.await(30, TimeUnit.SECONDS);
                    return complete(upload, bytes);
                }));
            }
            List<Api.Reply> replies = new ArrayList<>();
            ExecutionException failed = null;
            for (Future<Api.Reply> client : clients) {
                try {
                    replies.add(client.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failed = failed == null || failed.getCause() instanceof BrokenBarrierException ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            return replies;
        }
    }

    private JsonNode request(long run) {
        var reply = worker.post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"run_results\",\"runId\":" + run + "}");
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.body();
    }

    private Api.Reply complete(JsonNode upload, byte[] bytes) {
        return worker.post("/api/v1/jobs/" + job + "/uploads/" + upload.get("artifactId").getLongValue()
                + "/complete", ArtifactsApiTest.completion(upload, Sha256.hex(bytes)));
    }

}
