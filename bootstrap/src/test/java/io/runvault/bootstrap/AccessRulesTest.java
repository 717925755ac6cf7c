package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every endpoint, called with no token, another client's, the job's worker's and an admin's. */
@MicronautTest(transactional = false)
class AccessRulesTest extends ServerTest {
    private long job;
    private long run;
    private long results;
    private long pending;
    private long spareToken;
    private byte[] resultBytes;
    private Api foreign;
    private Api worker;

    /** One endpoint and the status each caller gets. */
    private record Row(String method, String path, String body, int none, int foreignClient, int worker, int admin) {
    }

    @BeforeAll
    void ownedJobWithStoredResultsAndAPendingUpload() {
        job = api().post("/api/v1/jobs", "{}").id();
        // Two runs: the one whose results are stored, and one that keeps the job open for uploads.
        run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}},{\"config\":{}}]}").body()
                .get("runs").get(0).get("id").getLongValue();
        foreign = admin().as(issueToken("CLIENT", "bob", null, null));
        worker = workerFor(job, null);
        resultBytes = ArtifactsApiTest.zip("r.csv", "1,2");
        results = send(worker, "PUT", "/api/v1/jobs/" + job + "/runs/" + run + "/results", null).id();
        pending = api().post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_config\"}").body().get("artifactId")
                .getLongValue();
        spareToken = admin().post("/api/v1/admin/tokens", "{\"label\":\"spare\",\"role\":\"CLIENT\",\"name\":\"zed\"}")
                .id();
    }

    private List<Row> rows() {
        String j = "/api/v1/jobs/" + job;
        return List.of(
                new Row("POST", "/api/v1/jobs", "{}", 401, 201, 403, 201),
                new Row("GET", "/api/v1/jobs", null, 401, 200, 403, 200),
                new Row("GET", j, null, 401, 404, 200, 200),
                new Row("POST", j + "/runs", "{\"runs\":[{\"config\":{}}]}", 401, 404, 403, 201),
                new Row("GET", j + "/runs", null, 401, 404, 200, 200),
                new Row("GET", j + "/runs/" + run, null, 401, 404, 200, 200),
                new Row("GET", "/api/v1/runs/" + run, null, 401, 404, 200, 200),
                new Row("PATCH", "/api/v1/runs/" + run, "{\"status\":\"DONE\"}", 401, 404, 200, 200),
                new Row("POST", j + "/uploads", "{\"kind\":\"job_config\"}", 401, 404, 403, 201),
                new Row("POST", j + "/uploads/" + pending + "/complete", "{}", 401, 404, 403, 409),
                new Row("PUT", j + "/runs/" + run + "/results", null, 401, 404, 200, 200),
                new Row("GET", j + "/artifacts", null, 401, 404, 200, 200),
                new Row("GET", "/api/v1/artifacts/" + results + "/download", null, 401, 404, 302, 302),
                new Row("GET", j + "/results", null, 401, 404, 200, 200),
                new Row("POST", "/api/v1/admin/tokens", "{\"label\":\"l\",\"role\":\"CLIENT\",\"name\":\"n\"}",
                        401, 403, 403, 201),
                new Row("GET", "/api/v1/admin/tokens", null, 401, 403, 403, 200),
                new Row("DELETE", "/api/v1/admin/tokens/" + spareToken, null, 401, 403, 403, 204),
                new Row("GET", "/api/v1/admin/jobs/" + job + "/manifest", null, 401, 403, 403, 200),
                new Row("GET", "/api/v1/admin/audit", null, 401, 403, 403, 200),
                new Row("GET", "/api/v1/admin/operations/987654", null, 401, 403, 403, 404),
                new Row("POST", "/api/v1/admin/jobs/" + job + "/archive", "{}", 401, 403, 403, 202));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEachCallerAsTheRulesSay() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows()) {
            tests.add(dynamicTest(row.method() + " " + row.path(), () -> {
                assertEquals(row.none(), send(anonymous(), row.method(), row.path(), row.body()).status(), "no token");
                assertEquals(row.foreignClient(), send(foreign, row.method(), row.path(), row.body()).status(),
                        "another client");
                assertEquals(row.worker(), send(worker, row.method(), row.path(), row.body()).status(), "worker");
                assertEquals(row.admin(), send(admin(), row.method(), row.path(), row.body()).status(), "admin");
            }));
        }
        return tests.stream();
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
