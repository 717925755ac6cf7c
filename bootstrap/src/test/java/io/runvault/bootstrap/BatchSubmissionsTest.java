package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A full batch is one numbered insert: seqs in request order, gapless, and never shared by concurrent batches. */
@MicronautTest(transactional = false)
class BatchSubmissionsTest extends ServerTest {
    private static final int FULL_BATCH = 1000;

    private static String runs(int count, int submitter) {
        var runs = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < count; i++) {
            runs.append(i == 0 ? "" : ",").append("{\"config\":{\"step\":").append(i).append(",\"submitter\":")
                    .append(submitter).append("}}");
        }
        return runs.append("]}").toString();
    }

    private static List<JsonNode> created(Api.Reply reply) {
        assertEquals(201, reply.status(), reply.raw().body());
        List<JsonNode> runs = new ArrayList<>();
        reply.body().get("runs").values().forEach(runs::add);
        return runs;
    }

    @Test
    void aThousandRunsInOneRequestAreNumberedOneToAThousandInRequestOrder() {
        long job = api().post("/api/v1/jobs", "{}").id();

        List<JsonNode> runs = created(api().post("/api/v1/jobs/" + job + "/runs", runs(FULL_BATCH, 0)));

        assertEquals(LongStream.rangeClosed(1, FULL_BATCH).boxed().toList(),
                runs.stream().map(run -> run.get("seq").getLongValue()).toList());
        for (int i = 0; i < FULL_BATCH; i++) {
            assertEquals(i, runs.get(i).get("config").get("step").getIntValue());
        }
        List<Long> listed = new ArrayList<>();
        String cursor = null;
        do {
            var page = api().get("/api/v1/jobs/" + job + "/runs?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.body().get("items").values().forEach(run -> listed.add(run.get("seq").getLongValue()));
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.getStringValue();
        } while (cursor != null);
        assertEquals(LongStream.rangeClosed(1, FULL_BATCH).boxed().toList(), listed);
    }

    @Test
    void concurrentBatchesEachTakeAContiguousRangeAndTogetherLeaveNoGap() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        int submitters = 4;
        int batch = 250;
        CyclicBarrier start = new CyclicBarrier(submitters);
        List<Future<List<JsonNode>>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submitters)) {
            for (int s = 0; s < submitters; s++) {
                int submitter = s;
                replies.add(pool.submit(() -> {
                    start.await();
                    return created(api().post("/api/v1/jobs/" + job + "/runs", runs(batch, submitter)));
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<JsonNode>> reply : replies) {
                List<Long> seqs = reply.get().stream().map(run -> run.get("seq").getLongValue()).toList();
                long first = seqs.getFirst();
                assertEquals(LongStream.range(first, first + batch).boxed().toList(), seqs,
                        "one batch's seqs are contiguous and in request order");
                all.addAll(seqs);
            }
            all.sort(null);
            assertEquals(LongStream.rangeClosed(1, (long) submitters * batch).boxed().toList(), all);
        }
    }
}
