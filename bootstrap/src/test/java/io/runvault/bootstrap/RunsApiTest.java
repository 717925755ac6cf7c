package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class RunsApiTest extends ServerTest {

    private long newJob() {
        return api().post("/api/v1/jobs", "{}").id();
    }

    private static String runs(int count) {
        var runs = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < count; i++) {
            runs.append(i == 0 ? "" : ",").append("{\"config\":{\"step\":").append(i).append(",\"name\":\"r\"}}");
        }
        return runs.append("]}").toString();
    }

    @Test
    void submitsABatchNumberedInOrder() {
        long job = newJob();
        var reply = api().post("/api/v1/jobs/" + job + "/runs", runs(3));
        assertEquals(201, reply.status());
        List<JsonNode> created = new ArrayList<>();
        reply.body().get("runs").values().forEach(created::add);
        assertEquals(List.of(1L, 2L, 3L), created.stream().map(run -> run.get("seq").getLongValue()).toList());
        assertEquals(2, created.get(2).get("config").get("step").getIntValue());
        assertEquals("PENDING", created.getFirst().get("status").getStringValue());

        var more = api().post("/api/v1/jobs/" + job + "/runs", runs(1));
        assertEquals(4, more.body().get("runs").get(0).get("seq").getLongValue());
    }

    @Test
    void eachRunShowsTheConfigItWasSentWith() {
        long job = newJob();
        // Multi-byte text before and inside the configs, spacing, a deep value and a number past a double's digits:
        // what comes back is the very JSON each run was sent with, and the stored config means the same.
        String first = "{ \"name\" : \"Grüße 🌍\",\n  \"nested\": {\"a\": [1, {\"b\": null}]} }";
        String second = "{\"seed\":12345678901234567,\"ratio\":0.1000,\"label\":\"\\u00e9\\\"}\"}";
        String body = "{\"note\":\"ünïcödé first\",\"runs\":[{\"config\":" + first + "},{\"extra\":[{}],"
                + "\"config\":" + second + "}]}";
        var reply = api().post("/api/v1/jobs/" + job + "/runs", body);
        assertEquals(201, reply.status(), () -> reply.raw().body());
        String text = reply.raw().body();
        assertTrue(text.contains("\"config\":" + first + ","), text);
        assertTrue(text.contains("\"config\":" + second + ","), text);

        JsonNode runs = reply.body().get("runs");
        assertEquals("Grüße 🌍", runs.get(0).get("config").get("name").getStringValue());
        assertEquals(12345678901234567L, runs.get(1).get("config").get("seed").getLongValue());
        assertEquals("é\"}", runs.get(1).get("config").get("label").getStringValue());
        var stored = api().get("/api/v1/runs/" + runs.get(0).get("id").getLongValue()).body().get("config");
        assertEquals("Grüße 🌍", stored.get("name").getStringValue());
        assertEquals(JsonNode.nullNode(), stored.get("nested").get("a").get(1).get("b"));
        var storedSecond = api().get("/api/v1/runs/" + runs.get(1).get("id").getLongValue()).body().get("config");
        assertEquals(12345678901234567L, storedSecond.get("seed").getLongValue());
    }

    @Test
    void aConfigThatIsNotUtf8IsRefusedRatherThanEchoed() {
        long job = newJob();
        // The answer repeats each config's bytes as they came: bytes that are not UTF-8 must never get that far.
        byte[] body = "{\"runs\":[{\"config\":{\"k\":\"a?b\"}}]}".getBytes(StandardCharsets.US_ASCII);
        body[new String(body, StandardCharsets.US_ASCII).indexOf('?')] = (byte) 0xC3;
        var reply = api().send(api().request("/api/v1/jobs/" + job + "/runs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(400, reply.status(), () -> reply.raw().body());
        assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
        assertEquals(0, api().get("/api/v1/jobs/" + job + "/runs").body().get("items").size());
    }

    @Test
    void aFullBatchOfLongMultiByteConfigsComesBackByteForByte() {
        long job = newJob();
        var body = new StringBuilder("{\"runs\":[");
        List<String> configs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String config = "{ \"i\" : " + i + ", \"text\": \"" + "ü🌍\\\"".repeat(i % 7 * 20) + "\" }";
            configs.add(config);
            body.append(i == 0 ? "" : ",").append("{\"config\":").append(config).append('}');
        }
        var reply = api().post("/api/v1/jobs/" + job + "/runs", body.append("]}").toString());
        assertEquals(201, reply.status(), () -> reply.raw().body());
        String text = reply.raw().body();
        int from = 0;
        for (String config : configs) {
            int at = text.indexOf("\"config\":" + config + ",\"status\":\"PENDING\"", from);
            assertTrue(at >= 0, () -> "not found as sent after " + text.length());
            from = at;
        }
        assertEquals(1000, reply.body().get("runs").size());
    }

    @Test
    void aBatchWithOneBadRunStoresNothing() {
        long job = newJob();
        var reply = api().post("/api/v1/jobs/" + job + "/runs",
                "{\"runs\":[{\"config\":{\"ok\":true}},{\"config\":[1,2]}]}");
        assertEquals(400, reply.status());
        assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
        assertEquals("runs[1].config", reply.body().get("errors").get(0).get("field").getStringValue());
        assertEquals(0, api().get("/api/v1/jobs/" + job + "/runs").body().get("items").size());

    }

    @Test
    void aMissingEmptyOrOversizedBatchNamesTheField() {
        long job = newJob();
        String tooMany = "{\"runs\":[" + String.join(",", Collections.nCopies(1001, "{\"config\":{}}")) + "]}";
        for (String body : List.of("{}", "{\"runs\":null}", "{\"runs\":[]}", tooMany)) {
            var reply = api().post("/api/v1/jobs/" + job + "/runs", body);
            assertEquals(400, reply.status(), body);
            assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
            assertEquals("runs", reply.body().get("errors").get(0).get("field").getStringValue(), body);
        }
        for (String body : List.of("{\"runs\":[{}]}", "{\"runs\":[null]}", "{\"runs\":[{\"config\":null}]}",
                "{\"runs\":[{\"config\":\"text\"}]}")) {
            var reply = api().post("/api/v1/jobs/" + job + "/runs", body);
            assertEquals(400, reply.status(), body);
            assertEquals("runs[0].config", reply.body().get("errors").get(0).get("field").getStringValue(), body);
        }
        assertEquals(0, api().get("/api/v1/jobs/" + job + "/runs").body().get("items").size());
    }

    @Test
    void runsOfAnUnknownJobAreNotFound() {
        var reply = api().post("/api/v1/jobs/987654321/runs", runs(1));
        assertEquals(404, reply.status());
        assertEquals("urn:runvault:problem:job-not-found", reply.problemType());
        assertEquals(404, api().get("/api/v1/jobs/987654321/runs").status());
    }

    @Test
    void listsRunsInSeqOrderPageByPage() {
        long job = newJob();
        api().post("/api/v1/jobs/" + job + "/runs", runs(5));
        List<Long> seqs = new ArrayList<>();
        String cursor = null;
        do {
            var page = api().get("/api/v1/jobs/" + job + "/runs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.body().get("items").values().forEach(run -> seqs.add(run.get("seq").getLongValue()));
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.getStringValue();
        } while (cursor != null);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs);
    }

    @Test
    void aRunOfAnotherJobIsNotFound() {
        long mine = newJob();
        long other = newJob();
        long run = api().post("/api/v1/jobs/" + mine + "/runs", runs(1)).body().get("runs").get(0).get("id")
                .getLongValue();
        assertEquals(200, api().get("/api/v1/jobs/" + mine + "/runs/" + run).status());
        var reply = api().get("/api/v1/jobs/" + other + "/runs/" + run);
        assertEquals(404, reply.status());
        assertEquals("urn:runvault:problem:run-not-found", reply.problemType());
        assertEquals(200, api().get("/api/v1/runs/" + run).status());
        assertEquals(404, api().get("/api/v1/runs/987654321").status());
    }

    @Test
    void statusMovesAlongTheLifecycleAndIllegalMovesConflict() {
        long job = newJob();
        long run = api().post("/api/v1/jobs/" + job + "/runs", runs(1)).body().get("runs").get(0).get("id")
                .getLongValue();
        assertEquals("RUNNING", api().patch("/api/v1/runs/" + run, "{\"status\":\"RUNNING\"}").body().get("status")
                .getStringValue());
        assertEquals(200, api().patch("/api/v1/runs/" + run, "{\"status\":\"DONE\"}").status());
        var illegal = api().patch("/api/v1/runs/" + run, "{\"status\":\"RUNNING\"}");
        assertEquals(409, illegal.status());
        assertEquals("urn:runvault:problem:illegal-transition", illegal.problemType());
        assertEquals("DONE", api().get("/api/v1/runs/" + run).body().get("status").getStringValue());

        var unknown = api().patch("/api/v1/runs/" + run, "{\"status\":\"SLEEPING\"}");
        assertEquals(400, unknown.status());
        assertEquals("status", unknown.body().get("errors").get(0).get("field").getStringValue());
    }

    @Test
    void aReplayedBatchCreatesItsRunsOnce() {
        long job = newJob();
        String key = UUID.randomUUID().toString();
        var first = api().post("/api/v1/jobs/" + job + "/runs", runs(2), "Idempotency-Key", key);
        var again = api().post("/api/v1/jobs/" + job + "/runs", runs(2), "Idempotency-Key", key);
        assertEquals(first.body(), again.body());
        assertEquals(2, api().get("/api/v1/jobs/" + job + "/runs").body().get("items").size());
        assertEquals(409, api().post("/api/v1/jobs/" + job + "/runs", runs(3), "Idempotency-Key", key).status());
    }
}
