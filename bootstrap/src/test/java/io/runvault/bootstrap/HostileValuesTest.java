package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile values in every JSON body: each is refused with a 4xx problem+json (never a 5xx), and the problem names
 * no class of the server.
 */
@MicronautTest(transactional = false)
class HostileValuesTest extends ServerTest {
    /** Raw JSON text of hostile values, each dropped where a field's value goes. */
    private static final List<String> VALUES = List.of(
            "\"a\\u0000b\"", "\"a\\ud800b\"", "\"\\udc00\"", "\"a\u0000b\"", nested(100), "1e400", "-1e400",
            "123456789012345678901234567890", "1.5", "-1", "0", "true", "[]", "{}", "null", "\"\"",
            "\"" + "x".repeat(5000) + "\"", "\"300000-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"",
            "\"2026-13-45T00:00:00Z\"", "9223372036854775808", "1e2");

    private long job;
    private long run;
    private long pending;
    private Api worker;

    @BeforeAll
    void aJobWithARunAndAPendingUpload() {
        job = api().post("/api/v1/jobs", "{}").id();
        run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs").get(0)
                .get("id").getLongValue();
        pending = api().post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_config\"}").body()
                .get("artifactId").getLongValue();
        worker = workerFor(job, null);
    }

    static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** One JSON endpoint: who calls it, and its body with the hostile value in one field. */
    private record Endpoint(String method, String path, Api as, Function<String, String> body) {
    }

    private List<Endpoint> endpoints() {
        String j = "/api/v1/jobs/" + job;
        return List.of(
                new Endpoint("POST", "/api/v1/jobs", api(), v -> "{\"tags\":[" + v + "]}"),
                new Endpoint("POST", "/api/v1/jobs", api(), v -> "{\"tags\":" + v + "}"),
                new Endpoint("POST", j + "/runs", api(), v -> "{\"runs\":[{\"config\":{\"k\":" + v + "}}]}"),
                new Endpoint("POST", j + "/runs", api(), v -> "{\"runs\":[{\"config\":{" + v + ":1}}]}"),
                new Endpoint("POST", j + "/runs", api(), v -> "{\"runs\":[{\"config\":" + v + "}]}"),
                new Endpoint("POST", j + "/runs", api(), v -> "{\"runs\":" + v + "}"),
                new Endpoint("PATCH", "/api/v1/runs/" + run, worker, v -> "{\"status\":" + v + "}"),
                new Endpoint("POST", j + "/uploads", worker, v -> "{\"kind\":\"run_logs\",\"runId\":" + v + "}"),
                new Endpoint("POST", j + "/uploads", api(), v -> "{\"kind\":" + v + "}"),
                new Endpoint("POST", j + "/uploads", api(), v -> "{\"kind\":\"job_config\",\"stage\":" + v + "}"),
                new Endpoint("POST", j + "/uploads/" + pending + "/complete", api(), v -> "{\"sha256\":" + v + "}"),
                new Endpoint("POST", j + "/uploads/" + pending + "/complete", api(), v -> "{\"uploadId\":" + v + "}"),
                new Endpoint("POST", "/api/v1/admin/tokens", admin(),
                        v -> "{\"label\":" + v + ",\"role\":\"CLIENT\",\"name\":\"n\"}"),
                new Endpoint("POST", "/api/v1/admin/tokens", admin(),
                        v -> "{\"label\":\"l\",\"role\":\"CLIENT\",\"name\":" + v + "}"),
                new Endpoint("POST", "/api/v1/admin/tokens", admin(),
                        v -> "{\"label\":\"l\",\"role\":" + v + ",\"name\":\"n\"}"),
                new Endpoint("POST", "/api/v1/admin/tokens", admin(),
                        v -> "{\"label\":\"l\",\"role\":\"WORKER\",\"name\":\"n\",\"jobId\":" + v + "}"),
                new Endpoint("POST", "/api/v1/admin/tokens", admin(),
                        v -> "{\"label\":\"l\",\"role\":\"CLIENT\",\"name\":\"n\",\"expiresAt\":" + v + "}"));
    }

    @TestFactory
    Stream<DynamicTest> everyJsonEndpointRefusesHostileValuesWithAProblemNeverA5xx() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            String example = endpoint.body().apply("<v>");
            tests.add(dynamicTest(endpoint.method() + " " + endpoint.path() + " " + example, () -> {
                for (String value : VALUES) {
                    checkAnswer(endpoint, endpoint.body().apply(value));
                }
                checkAnswer(endpoint, endpoint.body().apply("\"ok\"") + "xyz");
                checkAnswer(endpoint, endpoint.body().apply("\"ok\"") + "{}");
                checkAnswer(endpoint, endpoint.body().apply("\"ok\"").replaceFirst("\\}$", ""));
            }));
        }
        return tests.stream();
    }

    private void checkAnswer(Endpoint endpoint, String body) {
        var reply = send(endpoint.as(), endpoint.method(), endpoint.path(), body);
        String shown = body.length() > 120 ? body.substring(0, 120) + "…" : body;
        assertTrue(reply.status() < 500, () -> shown + " → " + reply.status() + " " + reply.raw().body());
        if (reply.status() >= 400) {
            assertTrue(reply.contentType().startsWith("application/problem+json"), () -> shown + " → "
                    + reply.contentType());
            assertFalse(reply.raw().body().matches("(?s).*(io\\.runvault|java\\.|\\$[A-Z]|Exception).*"),
                    () -> shown + " → " + reply.raw().body());
        }
    }

    private Api.Reply send(Api as, String method, String path, String body) {
        return as.send(as.request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private void assertInvalid(Api.Reply reply, String field) {
        assertEquals(400, reply.status(), () -> reply.raw().body());
        assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
        assertTrue(reply.raw().body().contains("\"field\":\"" + field), () -> reply.raw().body());
    }

    @Test
    void nulAndLoneSurrogatesInStringsAreInvalidFields() {
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{\"k\":\"a\\u0000\"}}]}"),
                "runs[0].config.k");
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{\"k\":\"\\ud83d\"}}]}"),
                "runs[0].config.k");
        assertInvalid(admin().post("/api/v1/admin/tokens",
                "{\"label\":\"l\",\"role\":\"CLIENT\",\"name\":\"a\\u0000\"}"),
                "name");
        assertInvalid(api().post("/api/v1/jobs", "{\"tags\":[\"\\udfff\"]}"), "tags[0]");
        assertEquals(201, api().post("/api/v1/jobs/" + job + "/runs",
                "{\"runs\":[{\"config\":{\"k\":\"\\ud83d\\ude00\"}}]}").status(),
                "a surrogate pair is a character like any other");
    }

    @Test
    void deepNestingHugeNumbersAndFractionalIdsAreInvalidFields() {
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":" + nested(64) + "}]}"),
                "runs[0].config.a.a.");
        assertEquals(201, api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":" + nested(20) + "}]}")
                .status(), "a config nested a little is fine");
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{\"x\":1e400}}]}"),
                "runs[0].config.x");
        assertInvalid(worker.post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"run_logs\",\"runId\":1.5}"),
                "runId");
        assertInvalid(admin().post("/api/v1/admin/tokens",
                "{\"label\":\"l\",\"role\":\"CLIENT\",\"name\":\"n\",\"expiresAt\":\"+300000-01-01T00:00:00Z\"}"),
                "expiresAt");
    }

    @Test
    void trailingGarbageAfterTheJsonValueIsRefused() {
        assertInvalid(api().post("/api/v1/jobs", "{\"tags\":[\"ok\"]}xyz"), "body");
        assertInvalid(api().post("/api/v1/jobs", "{\"tags\":[\"ok\"]} {}"), "body");
        assertInvalid(api().post("/api/v1/jobs", "{\"tags\":[\"ok\"]} 1"), "body");
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]} 1"), "body");
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]} {}"), "body");
        assertEquals(201, api().post("/api/v1/jobs", "{\"tags\":[\"ok\"]}\n").status());
    }

    @Test
    void aBatchOfTheWrongShapeThatAlsoBreaksTheJsonRulesIsRefusedForTheJsonRules() {
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs",
                "{\"runs\":[{\"config\":[1]}],\"note\":\"a\\u0000\"}"), "note");
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs",
                "{\"runs\":[{\"config\":{\"ok\":1}},{\"extra\":" + nested(40) + "}]}"), "runs[1].extra.a.");
        assertInvalid(api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":\"no\",\"runs\":[]}"), "body");
    }

    @Test
    void aMalformedBodyIsRefusedWithoutNamingTheServersClasses() {
        var reply = api().post("/api/v1/jobs", "{\"tags\":{\"a\":1}}");
        assertEquals(400, reply.status());
        assertFalse(reply.raw().body().contains("io.runvault"), reply.raw().body());
        assertTrue(reply.raw().body().contains("\"field\":\"tags\""), reply.raw().body());
    }
}
