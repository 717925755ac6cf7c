package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Every operation of the generated {@code /openapi.yml}, called by each kind of caller: no token, a malformed header,
 * a revoked and an expired token, another client, the owner, the job's worker, another job's worker, a worker
 * scoped to a sibling run, and an admin. The table is checked against the document, so a new route cannot be left
 * out of it.
 */
@MicronautTest(transactional = false)
class AccessRulesTest extends ServerTest {
    private static final List<String> KINDS = List.of("job_input", "job_config", "run_config", "run_results",
            "run_logs");
    private long job;
    private long run;
    private long results;
    private long pending;
    private long spareToken;
    private long archiveJob;
    private long restoreJob;
    private long purgeJob;
    private long cancelledJob;
    private long verifiedJob;
    private byte[] resultBytes;
    private Map<String, Api> callers;

    /**
     * One call and the status each caller that gets past authentication receives: another client, the owner, the
     * job's worker, another job's worker, a worker scoped to a sibling run, an admin. No token, a malformed one, a
     * revoked and an expired one are 401 everywhere.
     */
    private record Row(String method, String template, String path, String body, int otherClient, int owner,
            int jobWorker, int otherJobWorker, int siblingRunWorker, int admin, int withoutAWorkingToken) {
        Row(String method, String template, String path, String body, int otherClient, int owner, int jobWorker,
                int otherJobWorker, int siblingRunWorker, int admin) {
            this(method, template, path, body, otherClient, owner, jobWorker, otherJobWorker, siblingRunWorker, admin,
                    401);
        }

        /** What anyone may call answers every caller alike, with a working token or none. */
        static Row forAnyone(String method, String template, int status) {
            return new Row(method, template, template, null, status, status, status, status, status, status, status);
        }

        int[] expected() {
            int none = withoutAWorkingToken;
            return new int[] {none, none, none, none, otherClient, owner, jobWorker, otherJobWorker, siblingRunWorker,
                admin};
        }
    }

    private static final List<String> CALLERS = List.of("no token", "malformed", "revoked", "expired",
            "other client", "owner", "job worker", "other job's worker", "sibling run's worker", "admin");

    @BeforeAll
    void ownedJobWithStoredResultsAndAPendingUpload() throws Exception {
        job = api().post("/api/v1/jobs", "{}").id();
        var runs = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}},{\"config\":{}}]}")
                .body().get("runs");
        run = runs.get(0).get("id").getLongValue();
        long sibling = runs.get(1).get("id").getLongValue();
        Api worker = workerFor(job, null);
        resultBytes = ArtifactsApiTest.zip("r.csv", "1,2");
        results = send(worker, "PUT", "/api/v1/jobs/" + job + "/runs/" + run + "/results", null).id();
        pending = api().post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_config\"}").body().get("artifactId")
                .getLongValue();
        spareToken = admin().post("/api/v1/admin/tokens", "{\"label\":\"spare\",\"role\":\"CLIENT\",\"name\":\"zed\"}")
                .id();
        archiveJob = api().post("/api/v1/jobs", "{}").id();
        restoreJob = api().post("/api/v1/jobs", "{}").id();
        purgeJob = api().post("/api/v1/jobs", "{}").id();

        var revoked = admin().post("/api/v1/admin/tokens", "{\"label\":\"r\",\"role\":\"ADMIN\",\"name\":\"rex\"}");
        assertEquals(204, admin().delete("/api/v1/admin/tokens/" + revoked.id()).status());
        var expired = admin().post("/api/v1/admin/tokens", "{\"label\":\"e\",\"role\":\"ADMIN\",\"name\":\"exp\","
                + "\"expiresAt\":\"2999-01-01T00:00:00Z\"}");
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE api_tokens SET created_at = now() - interval '1 hour', "
                    + "expires_at = now() - interval '1 second' WHERE id = " + expired.id());
        }
        callers = new LinkedHashMap<>();
        callers.put("no token", anonymous());
        callers.put("malformed", null);
        callers.put("revoked", admin().as(revoked.body().get("token").getStringValue()));
        callers.put("expired", admin().as(expired.body().get("token").getStringValue()));
        callers.put("other client", admin().as(issueToken("CLIENT", "bob", null, null)));
        callers.put("owner", api());
        callers.put("job worker", worker);
        callers.put("other job's worker", workerFor(api().post("/api/v1/jobs", "{}").id(), null));
        callers.put("sibling run's worker", workerFor(job, sibling));
        callers.put("admin", admin());
        cancelledJob = api().post("/api/v1/jobs", "{}").id();
        // The newest job, so the all-jobs scrub's first page of one is this job alone.
        verifiedJob = api().post("/api/v1/jobs", "{}").id();
    }

    private List<Row> rows() {
        String j = "/api/v1/jobs/" + job;
        String r = "/api/v1/runs/" + run;
        String a = "/api/v1/admin";
        List<Row> rows = new ArrayList<>(List.of(
                new Row("POST", "/api/v1/jobs", "/api/v1/jobs", "{}", 201, 201, 403, 403, 403, 201),
                new Row("GET", "/api/v1/jobs", "/api/v1/jobs", null, 200, 200, 403, 403, 403, 200),
                new Row("GET", "/api/v1/jobs/{id}", j, null, 404, 200, 200, 404, 200, 200),
                new Row("POST", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/" + cancelledJob + "/cancel", null,
                        404, 200, 404, 404, 404, 200),
                new Row("POST", "/api/v1/jobs/{jobId}/runs", j + "/runs", "{\"runs\":[{\"config\":{}}]}",
                        404, 201, 403, 404, 403, 201),
                new Row("GET", "/api/v1/jobs/{jobId}/runs", j + "/runs", null, 404, 200, 200, 404, 200, 200),
                new Row("GET", "/api/v1/jobs/{jobId}/runs/{runId}", j + "/runs/" + run, null,
                        404, 200, 200, 404, 404, 200),
                new Row("GET", "/api/v1/runs/{runId}", r, null, 404, 200, 200, 404, 404, 200),
                new Row("PATCH", "/api/v1/runs/{runId}", r, "{\"status\":\"DONE\"}", 404, 200, 200, 404, 404, 200),
                new Row("POST", "/api/v1/jobs/{jobId}/uploads/{artifactId}/complete",
                        j + "/uploads/" + pending + "/complete",
                        "{\"uploadId\":\"put-0123456789abcdef0123456789abcdef\"}", 404, 409, 403, 404, 403, 409),
                new Row("POST", "/api/v1/jobs/{jobId}/uploads/{artifactId}/parts",
                        j + "/uploads/" + pending + "/parts?uploadId=u&from=1&count=1", "{}",
                        404, 200, 403, 404, 403, 200),
                new Row("PUT", "/api/v1/jobs/{jobId}/runs/{runId}/results", j + "/runs/" + run + "/results", null,
                        404, 403, 200, 404, 404, 200),
                new Row("GET", "/api/v1/jobs/{jobId}/artifacts", j + "/artifacts", null, 404, 200, 200, 404, 200, 200),
                new Row("GET", "/api/v1/artifacts/{artifactId}/download", "/api/v1/artifacts/" + results + "/download",
                        null, 404, 302, 302, 404, 404, 302),
                new Row("GET", "/api/v1/artifacts/{artifactId}/entries", "/api/v1/artifacts/" + results + "/entries",
                        null, 404, 200, 200, 404, 404, 200),
                new Row("GET", "/api/v1/artifacts/{artifactId}/entries/{path}",
                        "/api/v1/artifacts/" + results + "/entries/r.csv", null, 404, 200, 200, 404, 404, 200),
                new Row("GET", "/api/v1/jobs/{jobId}/results", j + "/results", null, 404, 200, 200, 404, 200, 200),
                new Row("POST", a + "/tokens", a + "/tokens", "{\"label\":\"l\",\"role\":\"CLIENT\",\"name\":\"n\"}",
                        403, 403, 403, 403, 403, 201),
                new Row("GET", a + "/tokens", a + "/tokens", null, 403, 403, 403, 403, 403, 200),
                new Row("DELETE", a + "/tokens/{id}", a + "/tokens/" + spareToken, null, 403, 403, 403, 403, 403, 204),
                new Row("GET", a + "/jobs/{id}/manifest", a + "/jobs/" + job + "/manifest", null,
                        403, 403, 403, 403, 403, 200),
                new Row("GET", a + "/audit", a + "/audit", null, 403, 403, 403, 403, 403, 200),
                new Row("GET", a + "/operations/{id}", a + "/operations/987654", null, 403, 403, 403, 403, 403, 404),
                new Row("POST", a + "/jobs/{id}/archive", a + "/jobs/" + archiveJob + "/archive", "{}",
                        403, 403, 403, 403, 403, 202),
                new Row("POST", a + "/jobs/{id}/restore", a + "/jobs/" + restoreJob + "/restore", "{}",
                        403, 403, 403, 403, 403, 202),
                new Row("DELETE", a + "/jobs/{id}", a + "/jobs/" + purgeJob, null, 403, 403, 403, 403, 403, 202),
                new Row("POST", a + "/jobs/{id}/verify", a + "/jobs/" + verifiedJob + "/verify", null,
                        403, 403, 403, 403, 403, 202),
                new Row("POST", a + "/verify", a + "/verify?limit=1", null, 403, 403, 403, 403, 403, 202),
                // The embedded test store has no lifecycle rules: an admin gets past the access rules to the 501.
                new Row("POST", a + "/storage/lifecycle", a + "/storage/lifecycle", "", 403, 403, 403, 403, 403, 501),
                new Row("GET", "/metrics", "/metrics", null, 403, 403, 403, 403, 403, 200),
                Row.forAnyone("GET", "/health", 200)));
        // A presigned reservation of every kind: what the owner supplies is the owner's, what a run produces is its
        // worker's.
        for (String kind : KINDS) {
            boolean ofRun = kind.startsWith("run_");
            boolean produced = kind.equals("run_results") || kind.equals("run_logs");
            String body = ofRun ? "{\"kind\":\"" + kind + "\",\"runId\":" + run + ",\"stage\":\"probe\"}"
                    : "{\"kind\":\"" + kind + "\"}";
            String uploads = "/api/v1/jobs/{jobId}/uploads";
            rows.add(produced
                    ? new Row("POST", uploads, j + "/uploads", body, 404, 403, 201, 404, 404, 201)
                    : ofRun ? new Row("POST", uploads, j + "/uploads", body, 404, 201, 403, 404, 404, 201)
                    : new Row("POST", uploads, j + "/uploads", body, 404, 201, 403, 404, 403, 201));
        }
        return rows;
    }

    @Test
    void theTableCoversEveryOperationOfTheOpenApiDocumentAndNothingElse() {
        Map<String, Object> document = new Yaml().load(anonymous().get("/openapi.yml").raw().body());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new TreeSet<>();
        // The Epistemix adapter authenticates with its own header and answers in its own error shape; it calls the
        // same use cases, so the rules tested here apply to it, and EpxApiTest covers its callers.
        paths.entrySet().stream().filter(entry -> !entry.getKey().startsWith("/epx/")).forEach(entry -> entry
                .getValue().keySet().stream()
                .filter(method -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method))
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + entry.getKey())));
        Set<String> tabled = new TreeSet<>();
        rows().forEach(row -> tabled.add(row.method() + " " + row.template()));
        assertEquals(documented, tabled, "every documented operation needs a row in the access table");
    }

    @TestFactory
    Stream<DynamicTest> everyOperationAnswersEachCallerAsTheRulesSay() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows()) {
            String name = row.method() + " " + row.path() + (row.body() == null ? "" : " " + row.body());
            tests.add(dynamicTest(name, () -> {
                int[] expected = row.expected();
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < CALLERS.size(); i++) {
                    String caller = CALLERS.get(i);
                    Api.Reply reply = caller.equals("malformed") ? malformed(row) : send(callers.get(caller),
                            row.method(), row.path(), row.body());
                    if (reply.status() != expected[i]) {
                        wrong.add(caller + ": " + reply.status() + " (expected " + expected[i] + ") "
                                + reply.raw().body());
                    }
                }
                assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
            }));
        }
        return tests.stream();
    }

    /** A bearer header whose token is not one a server ever issues. */
    private Api.Reply malformed(Row row) {
        var request = anonymous().request(row.path()).header("Authorization", "Bearer rv_ not a token")
                .method(row.method(), row.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(row.body()));
        if (row.body() != null) {
            request.header("Content-Type", "application/json");
        }
        return anonymous().send(request);
    }

    private Api.Reply send(Api as, String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = method.equals("PUT")
                ? HttpRequest.BodyPublishers.ofByteArray(resultBytes)
                : body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        var request = as.request(path).method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return as.send(request);
    }

    @Test
    void missingOrUnknownTokensAreProblemsWithAChallenge() {
        var none = anonymous().get("/api/v1/jobs");
        assertEquals(401, none.status());
        assertEquals("urn:runvault:problem:unauthenticated", none.problemType());
        assertEquals("Bearer realm=\"runvault\"", none.header("WWW-Authenticate"));
        assertEquals(401, admin().as("rv_not-a-real-token-but-long-enough-to-look-real").get("/api/v1/jobs").status());
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        var issued = admin().post("/api/v1/admin/tokens", "{\"label\":\"t\",\"role\":\"CLIENT\",\"name\":\"carol\"}");
        Api carol = admin().as(issued.body().get("token").getStringValue());
        assertEquals(200, carol.get("/api/v1/jobs").status());
        assertEquals(204, admin().delete("/api/v1/admin/tokens/" + issued.id()).status());
        assertEquals(401, carol.get("/api/v1/jobs").status());
    }

    @Test
    void aTokenStopsWorkingWhenItExpires() throws Exception {
        var issued = admin().post("/api/v1/admin/tokens",
                "{\"label\":\"t\",\"role\":\"CLIENT\",\"name\":\"erin\",\"expiresAt\":\"2999-01-01T00:00:00+01:00\"}");
        assertEquals(201, issued.status(), () -> issued.raw().body());
        assertEquals("2998-12-31T23:00:00Z", issued.body().get("expiresAt").getStringValue());
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            // Expired a second ago, before anything asked for the token (a server trusts what it has looked up for
            // the token cache's TTL).
            statement.executeUpdate("UPDATE api_tokens SET created_at = now() - interval '1 hour', "
                    + "expires_at = now() - interval '1 second' WHERE id = " + issued.id());
        }
        var expired = admin().as(issued.body().get("token").getStringValue()).get("/api/v1/jobs");
        assertEquals(401, expired.status());
        assertEquals("urn:runvault:problem:unauthenticated", expired.problemType());
    }

    @Test
    void aTokenCannotBeIssuedAlreadyExpiredOrWithAnUnreadableExpiry() {
        for (String expiresAt : new String[] {"2001-01-01T00:00:00Z", "tomorrow", "2999-01-01T00:00:00"}) {
            var refused = admin().post("/api/v1/admin/tokens",
                    "{\"label\":\"t\",\"role\":\"CLIENT\",\"name\":\"fay\",\"expiresAt\":\"" + expiresAt + "\"}");
            assertEquals(400, refused.status(), expiresAt);
            assertEquals("urn:runvault:problem:invalid-request", refused.problemType(), expiresAt);
        }
    }

    @Test
    void tokenListsShowPrefixesNeverSecrets() throws Exception {
        var issued = admin().post("/api/v1/admin/tokens", "{\"label\":\"t\",\"role\":\"CLIENT\",\"name\":\"dave\"}");
        String secret = issued.body().get("token").getStringValue();
        String listed = admin().get("/api/v1/admin/tokens?limit=500").raw().body();
        assertFalse(listed.contains(secret));
        assertTrue(listed.contains(issued.body().get("prefix").getStringValue()));
        try (var connection = database.connect(); var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM api_tokens WHERE prefix = '"
                        + issued.body().get("prefix").getStringValue() + "' AND secret_hash <> '" + secret + "'")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void aWorkerOfAnotherJobSeesNothingOfThisOne() {
        long otherJob = api().post("/api/v1/jobs", "{}").id();
        Api stranger = workerFor(otherJob, null);
        assertEquals(404, stranger.get("/api/v1/jobs/" + job).status());
        assertEquals(404, stranger.get("/api/v1/runs/" + run).status());
        assertEquals(404, send(stranger, "PUT", "/api/v1/jobs/" + job + "/runs/" + run + "/results", null).status());
    }

    @Test
    void oversizedJsonBodiesAreRefusedWith413() {
        String huge = "{\"tags\":[\"" + "x".repeat(2 * 1024 * 1024) + "\"]}";
        var reply = api().post("/api/v1/jobs", huge);
        assertEquals(413, reply.status());
        assertEquals("urn:runvault:problem:payload-too-large", reply.problemType());
    }

    @Test
    void presignedUrlsAreNeverStoredInTheDatabase() throws Exception {
        api().get("/api/v1/jobs/" + job + "/results");
        api().post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_input\"}");
        try (var connection = database.connect(); var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT"
                        + " (SELECT count(*) FROM artifacts WHERE key LIKE '%X-Amz-%')"
                        + " + (SELECT count(*) FROM idempotency_keys WHERE response_body LIKE '%X-Amz-%')")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }
}
