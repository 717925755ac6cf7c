package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.application.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Holes found by probing the API as an attacker would, each closed: one test per way in. */
@MicronautTest(transactional = false)
class ProbedSecurityTest extends ServerTest {
    /** A full-width digit one, percent-encoded as it travels in a URL. */
    private static final String FULL_WIDTH_ONE = "%EF%BC%91";

    private long newJob() {
        return api().post("/api/v1/jobs", "{}").id();
    }

    private long newRun(long job) {
        return api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs").get(0)
                .get("id").getLongValue();
    }

    private static byte[] fetch(String url) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            return response.body();
        }
    }

    @Test
    void aClientCannotReserveARunsArtifactsAndPlantedNonZipResultsAreDiscardedAtCompletion() throws Exception {
        long job = newJob();
        long run = newRun(job);
        for (String kind : new String[] {"run_results", "run_logs"}) {
            var refused = api().post("/api/v1/jobs/" + job + "/uploads",
                    "{\"kind\":\"" + kind + "\",\"runId\":" + run + "}");
            assertEquals(403, refused.status(), kind + ": " + refused.raw().body());
            assertEquals("urn:runvault:problem:forbidden", refused.problemType());
        }
        long sibling = newRun(job);
        Api scoped = workerFor(job, sibling);
        assertEquals(404, scoped.post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"run_results\",\"runId\":" + run + "}").status(), "a run-scoped worker, another run");

        Api worker = workerFor(job, null);
        var upload = worker.post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"run_results\",\"runId\":" + run + "}");
        assertEquals(201, upload.status(), upload.raw().body());
        byte[] html = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, ArtifactsApiTest.presignedPut(upload.body(), html).statusCode());
        long artifact = upload.body().get("artifactId").getLongValue();
        var complete = worker.post("/api/v1/jobs/" + job + "/uploads/" + artifact + "/complete",
                ArtifactsApiTest.completion(upload.body(), null));
        assertEquals(422, complete.status(), complete.raw().body());
        assertEquals("urn:runvault:problem:upload-rejected", complete.problemType());

        byte[] zip = ArtifactsApiTest.zip("r.csv", "1,2");
        var direct = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)));
        assertEquals(201, direct.status(), "the key is free for the real results: " + direct.raw().body());
        String url = api().get("/api/v1/jobs/" + job + "/results").body().get("items").get(0).get("url")
                .getStringValue();
        assertArrayEquals(zip, fetch(url));
    }

    @Test
    void presignedUploadsCannotForgeTheirChecksumBePublicOrBeServedAsAPage() throws Exception {
        long job = newJob();
        byte[] page = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        var upload = api().post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_input\"}");
        String url = upload.body().get("url").getStringValue();
        long artifact = upload.body().get("artifactId").getLongValue();

        assertEquals(403, put(url, upload.body(), page, "x-amz-meta-sha256", "0".repeat(64)).statusCode(),
                "a checksum of the client's choosing breaks the signature");
        assertEquals(400, put(url, upload.body(), page, "x-amz-acl", "public-read").statusCode(),
                "the embedded store keeps every object private");
        assertEquals(200, put(url, upload.body(), page, "Content-Type", "text/html").statusCode());
        var complete = api().post("/api/v1/jobs/" + job + "/uploads/" + artifact + "/complete",
                ArtifactsApiTest.completion(upload.body(), null));
        assertEquals(Sha256.hex(page), complete.body().get("sha256").getStringValue());

        String bare = url.substring(0, url.indexOf('?'));
        try (var http = HttpClient.newHttpClient()) {
            assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(bare)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "no read without a signature");
            String download = api().get("/api/v1/artifacts/" + artifact + "/download").header("Location");
            var served = http.send(HttpRequest.newBuilder(URI.create(download)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, served.statusCode());
            assertArrayEquals(page, served.body());
            assertEquals("application/octet-stream", served.headers().firstValue("Content-Type").orElse(null));
            assertEquals("attachment", served.headers().firstValue("Content-Disposition").orElse(null));
        }
    }

    @Test
    void aDeclaredChecksumIsSignedIntoTheUploadUrl() throws Exception {
        long job = newJob();
        byte[] input = "input".getBytes(StandardCharsets.UTF_8);
        var upload = api().post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"job_input\",\"sha256\":\"" + Sha256.hex(input) + "\"}");
        assertEquals(201, upload.status(), upload.raw().body());
        assertTrue(upload.body().get("url").getStringValue().contains("x-amz-checksum-sha256"));
        assertTrue(upload.body().get("headers").get("x-amz-checksum-sha256") != null, upload.raw().body());
        assertEquals(200, ArtifactsApiTest.presignedPut(upload.body(), input).statusCode());
    }

    /** A PUT to a presigned URL with its headers, one of them replaced or added. */
    private static HttpResponse<String> put(String url, JsonNode upload, byte[] body, String name, String value)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        upload.get("headers").entries().forEach(header -> {
            if (!header.getKey().equalsIgnoreCase(name)) {
                request.header(header.getKey(), header.getValue().getStringValue());
            }
        });
        request.header(name, value);
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void anIdempotentRepeatIsTheSameTokensAndIsAuthorizedBeforeItIsReplayed() {
        String key = "key-" + System.nanoTime();
        var first = api().post("/api/v1/jobs", "{\"tags\":[\"a\"]}", "Idempotency-Key", key);
        assertEquals(201, first.status());
        long job = first.id();

        Api namesake = admin().as(issueToken("WORKER", "alice", job, null));
        var asWorker = namesake.post("/api/v1/jobs", "{\"tags\":[\"a\"]}", "Idempotency-Key", key);
        assertEquals(403, asWorker.status(), "a worker named alice gets no replay: " + asWorker.raw().body());

        var runs = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}", "Idempotency-Key", key);
        assertEquals(201, runs.status());
        Api otherJobsNamesake = admin().as(issueToken("WORKER", "alice", newJob(), null));
        assertEquals(404, otherJobsNamesake.post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}",
                "Idempotency-Key", key).status(), "nor run data of a job it cannot see");

        Api aliceElsewhere = admin().as(issueToken("CLIENT", "alice", null, null));
        var fromAnotherToken = aliceElsewhere.post("/api/v1/jobs", "{\"tags\":[\"a\"]}", "Idempotency-Key", key);
        assertEquals(201, fromAnotherToken.status());
        assertNull(fromAnotherToken.header("Idempotent-Replayed"), "keys belong to the token that sent them");
        assertNotEquals(job, fromAnotherToken.id());

        var repeat = api().post("/api/v1/jobs", "{\"tags\":[\"a\"]}", "Idempotency-Key", key);
        assertEquals("true", repeat.header("Idempotent-Replayed"));
        assertEquals(job, repeat.id());
    }

    @Test
    void idsAreAsciiDigitsOnly() {
        long job = newJob();
        assertEquals(200, api().get("/api/v1/jobs/" + job).status());
        assertInvalid(api().get("/api/v1/jobs/" + FULL_WIDTH_ONE), "id");
        assertInvalid(api().get("/api/v1/runs/" + FULL_WIDTH_ONE), "runId");
        assertInvalid(api().get("/api/v1/jobs?limit=" + FULL_WIDTH_ONE), "limit");
        assertInvalid(admin().delete("/api/v1/admin/tokens/" + FULL_WIDTH_ONE), "id");
        assertInvalid(api().get("/api/v1/jobs?tag=a%00b"), "tag");
        assertInvalid(api().post("/api/v1/jobs", "{}", "Idempotency-Key", "a b"), "Idempotency-Key");
    }

    @Test
    void theLastWorkingAdminTokenCannotBeRevoked() {
        JsonNode admins = admin().get("/api/v1/admin/tokens?limit=500").body().get("items");
        long adminId = -1;
        int working = 0;
        for (JsonNode token : admins.values()) {
            if (token.get("role").getStringValue().equals("ADMIN") && token.get("revokedAt").isNull()) {
                adminId = token.get("id").getLongValue();
                working++;
            }
        }
        assertEquals(1, working, "the bootstrap admin alone");
        var refused = admin().delete("/api/v1/admin/tokens/" + adminId);
        assertEquals(409, refused.status(), refused.raw().body());
        assertEquals("urn:runvault:problem:last-admin-token", refused.problemType());
        assertEquals(200, admin().get("/api/v1/admin/tokens").status(), "the admin still gets in");
    }

    @Test
    void anonymousCallersLearnUpOrDownAndNothingOfTheInternals() {
        for (Api caller : new Api[] {anonymous(), api(), workerFor(newJob(), null)}) {
            var health = caller.get("/health");
            assertEquals(200, health.status());
            assertEquals("{\"status\":\"UP\"}", health.raw().body().replace(" ", ""), "only the status");
        }
        var details = admin().get("/health");
        assertTrue(details.body().get("details").get("jdbc") != null, details.raw().body());

        var anonymousMetrics = anonymous().get("/metrics");
        assertEquals(401, anonymousMetrics.status());
        assertEquals("urn:runvault:problem:unauthenticated", anonymousMetrics.problemType());
        assertEquals(403, api().get("/metrics").status());
        assertEquals(401, admin().as("rv_not-a-real-token-but-long-enough-to-look-real").get("/metrics").status());
        var metrics = admin().get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.raw().body().contains("http_server_requests_seconds_count"));
    }

    @Test
    void aRunScopedWorkerReadsItsOwnRunOnly() {
        long job = newJob();
        long mine = newRun(job);
        long sibling = newRun(job);
        byte[] zip = ArtifactsApiTest.zip("r.csv", "1");
        Api jobWorker = workerFor(job, null);
        long siblingResults = jobWorker.send(jobWorker.request("/api/v1/jobs/" + job + "/runs/" + sibling + "/results")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip))).id();
        Api scoped = workerFor(job, mine);
        long myResults = scoped.send(scoped.request("/api/v1/jobs/" + job + "/runs/" + mine + "/results")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip))).id();

        assertEquals(200, scoped.get("/api/v1/runs/" + mine).status());
        assertEquals(404, scoped.get("/api/v1/runs/" + sibling).status());
        assertEquals(404, scoped.get("/api/v1/jobs/" + job + "/runs/" + sibling).status());
        assertEquals(404, scoped.patch("/api/v1/runs/" + sibling, "{\"status\":\"CANCELLED\"}").status());
        assertEquals(404, scoped.get("/api/v1/artifacts/" + siblingResults + "/download").status());
        assertEquals(302, scoped.get("/api/v1/artifacts/" + myResults + "/download").status());
        assertEquals(List.of(mine), ids(scoped.get("/api/v1/jobs/" + job + "/runs").body(), "id"));
        assertEquals(List.of(mine), ids(scoped.get("/api/v1/jobs/" + job + "/results").body(), "runId"));
        assertEquals(List.of(myResults), ids(scoped.get("/api/v1/jobs/" + job + "/artifacts").body(), "id"));
        assertEquals(List.of(mine, sibling), ids(jobWorker.get("/api/v1/jobs/" + job + "/runs").body(), "id"));
    }

    private static List<Long> ids(JsonNode page, String field) {
        List<Long> ids = new ArrayList<>();
        page.get("items").values().forEach(item -> ids.add(item.get(field).getLongValue()));
        return ids;
    }

    private static void assertInvalid(Api.Reply reply, String field) {
        assertEquals(400, reply.status(), () -> reply.raw().body());
        assertEquals("urn:runvault:problem:invalid-request", reply.problemType());
        assertTrue(reply.raw().body().contains("\"field\":\"" + field + "\""), () -> reply.raw().body());
    }
}
