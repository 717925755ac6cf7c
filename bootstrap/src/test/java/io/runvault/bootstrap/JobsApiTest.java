package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class JobsApiTest extends ServerTest {

    @Test
    void createsAJobAndReadsItBack() {
        var created = api().post("/api/v1/jobs", "{\"tags\":[\"nightly\",\"gpu\"]}");
        assertEquals(201, created.status());
        assertEquals("/api/v1/jobs/" + created.id(), created.header("Location"));
        assertEquals("CREATED", created.body().get("status").getStringValue());
        String createdAt = created.body().get("createdAt").getStringValue();
        String prefix = created.body().get("storagePrefix").getStringValue();
        // The prefix is the job's id plus its own creation second, in UTC.
        String expected = "jobs/" + created.id() + "/" + createdAt.substring(0, 4) + "/" + createdAt.substring(5, 7)
                + "/" + createdAt.substring(8, 10) + "/" + createdAt.substring(11, 19).replace(":", "") + "/";
        assertEquals(expected, prefix);

        var read = api().get("/api/v1/jobs/" + created.id());
        assertEquals(200, read.status());
        assertEquals(created.body(), read.body());
    }

    @Test
    void unknownJobIsAProblemNotFound() {
        var reply = api().get("/api/v1/jobs/987654321");
        assertEquals(404, reply.status());
        assertTrue(reply.contentType().startsWith("application/problem+json"));
        assertEquals("urn:runvault:problem:job-not-found", reply.problemType());
        assertEquals(404, reply.body().get("status").getIntValue());
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        var reply = api().post("/api/v1/jobs", "{\"tags\": [");
        assertEquals(400, reply.status());
        assertTrue(reply.contentType().startsWith("application/problem+json"));
        assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
    }

    @Test
    void invalidTagsNameTheOffendingField() {
        var reply = api().post("/api/v1/jobs", "{\"tags\":[\"ok\",\"not ok\"]}");
        assertEquals(400, reply.status());
        assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
        assertEquals("tags[1]", reply.body().get("errors").get(0).get("field").getStringValue());
    }

    @Test
    void aNullTagOrTooManyTagsNameTheField() {
        var nullTag = api().post("/api/v1/jobs", "{\"tags\":[\"ok\",null]}");
        assertEquals(400, nullTag.status());
        assertEquals("tags[1]", nullTag.body().get("errors").get(0).get("field").getStringValue());
        String many = IntStream.range(0, 33).mapToObj(i -> "\"t" + i + "\"")
                .collect(Collectors.joining(",", "{\"tags\":[", "]}"));
        var tooMany = api().post("/api/v1/jobs", many);
        assertEquals(400, tooMany.status());
        assertEquals("tags", tooMany.body().get("errors").get(0).get("field").getStringValue());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsFieldAndABrokenRuleAfterItComesFirst() {
        assertWrongType("{\"tags\":\"nightly\"}", "tags");
        assertWrongType("{\"tags\": {\"a\": 1}}", "tags");
        assertWrongType("{\"tags\":[\"ok\",{}]}", "tags[1]");
        assertWrongType("[\"nightly\"]", "body");
        // The JSON rules hold for the whole body, even past a value that does not fit.
        var nul = api().post("/api/v1/jobs", "{\"tags\":1,\"note\":\"a\\u0000b\"}");
        assertEquals(400, nul.status());
        assertEquals("note", nul.body().get("errors").get(0).get("field").getStringValue());
        assertEquals("must not contain NUL or unpaired surrogate characters",
                nul.body().get("errors").get(0).get("message").getStringValue());
        // As when Micronaut bound the body: scalars in the list are taken as their text, a JSON null is no body.
        var numbers = api().post("/api/v1/jobs", "{\"tags\":[7,true]}");
        assertEquals(201, numbers.status());
        assertEquals("7", numbers.body().get("tags").get(0).getStringValue());
        assertEquals("true", numbers.body().get("tags").get(1).getStringValue());
        assertEquals(400, api().post("/api/v1/jobs", "null").status());
    }

    private void assertWrongType(String body, String field) {
        var reply = api().post("/api/v1/jobs", body);
        assertEquals(400, reply.status(), body);
        assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
        assertEquals(field, reply.body().get("errors").get(0).get("field").getStringValue(), body);
        assertEquals("has the wrong type or form", reply.body().get("errors").get(0).get("message").getStringValue());
    }

    @Test
    void listsByTagAndStatusPageByPage() {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api().post("/api/v1/jobs", "{\"tags\":[\"" + tag + "\"]}").id());
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = api().get("/api/v1/jobs?tag=" + tag + "&status=CREATED&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status());
            for (JsonNode item : page.body().get("items").values()) {
                seen.add(item.get("id").getLongValue());
            }
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.getStringValue();
        } while (cursor != null);
        assertEquals(ids.reversed(), seen);

        assertEquals(0, api().get("/api/v1/jobs?tag=" + tag + "&status=RUNNING").body().get("items").size());
    }

    @Test
    void badListParametersAreProblems() {
        assertEquals(400, api().get("/api/v1/jobs?cursor=garbage").status());
        assertEquals(400, api().get("/api/v1/jobs?status=SLEEPING").status());
        assertEquals(400, api().get("/api/v1/jobs?limit=0").status());
        assertEquals(400, api().get("/api/v1/jobs?tag=has%20space").status());
    }

    @Test
    void aReplayedIdempotencyKeyReturnsTheFirstResponseAndCreatesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        var first = api().post("/api/v1/jobs", "{\"tags\":[\"idem\"]}", "Idempotency-Key", key);
        var again = api().post("/api/v1/jobs", "{ \"tags\" : [\"idem\"] }", "Idempotency-Key", key);
        assertEquals(201, first.status());
        assertEquals(201, again.status());
        assertEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1, countJobs("idem"));

        var other = api().post("/api/v1/jobs", "{\"tags\":[\"different\"]}", "Idempotency-Key", key);
        assertEquals(409, other.status());
        assertEquals("urn:runvault:problem:idempotency-key-reused", other.problemType());

        var fresh = api().post("/api/v1/jobs", "{\"tags\":[\"idem\"]}", "Idempotency-Key", key + "-2");
        assertNotEquals(first.id(), fresh.id());
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() {
        var missing = api().get("/api/v1/nothing-here");
        assertEquals(404, missing.status());
        assertNotNull(missing.body());
        assertEquals("urn:runvault:problem:not-found", missing.problemType());
        var method = api().delete("/api/v1/jobs");
        assertEquals(405, method.status());
        assertEquals("urn:runvault:problem:method-not-allowed", method.problemType());
    }

    private int countJobs(String tag) throws Exception {
        try (var connection = database.connect();
                var statement = connection.prepareStatement("SELECT count(*) FROM jobs WHERE ? = ANY(tags)")) {
            statement.setString(1, tag);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
