package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.application.Sha256;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Epistemix's client, replayed call by call against /epx: its headers, its bodies, its plain PUTs to presigned URLs,
 * and what it reads back; a worker meanwhile uploads results through /api/v1, as Runvault's workers do.
 */
@MicronautTest(transactional = false)
class EpxApiTest extends ServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    StoredKeys storedKeys;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("runvault.epx.sweep-interval", "300ms");
        return properties;
    }

    /** As the epx client sends every call: the four headers, the token in Offline-Token. */
    private Api epx(String token) {
        return admin().as(null).withHeaders("Offline-Token", "Bearer " + token, "Fredcli-Version", "0.4.0",
                "User-Agent", "epx_client_1.2.2");
    }

    private Api alice() {
        return epx(issueToken("CLIENT", "alice", null, null));
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.entries().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    /** A plain PUT, no header but what any HTTP client sends. */
    private static int put(String url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static byte[] get(String url) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private String uploadUrl(Api client, long job, String context, String type, Long run) {
        var reply = client.post("/epx/jobs", "{\"jobId\":" + job + ",\"context\":\"" + context + "\",\"type\":\""
                + type + "\"" + (run == null ? "" : ",\"runId\":" + run) + "}");
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(Set.of("url"), fields(reply.body()));
        return reply.body().get("url").getStringValue();
    }

    private static String runRequest(long job, int n) {
        return "{\"jobId\":" + job + ",\"workingDir\":\"/home/epx/model\",\"size\":\"hot\",\"fredVersion\":\"11.0.1\","
                + "\"population\":{\"version\":\"US_2010.v5\",\"locations\":[\"Loving_County_TX\"]},"
                + "\"fredArgs\":[{\"flag\":\"-p\",\"value\":\"main.fred\"},{\"flag\":\"-r\",\"value\":\"" + n + "\"}],"
                + "\"fredFiles\":[\"/home/epx/model/main.fred\"]}";
    }

    private List<JsonNode> runs(Api client, long job) {
        var reply = client.get("/epx/runs?job_id=" + job);
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(Set.of("runs"), fields(reply.body()));
        List<JsonNode> runs = new ArrayList<>();
        reply.body().get("runs").values().forEach(runs::add);
        return runs;
    }

    private Set<String> keysUnder(String prefix) {
        Set<String> keys = new TreeSet<>();
        String token = null;
        do {
            var page = storedKeys.list(StorageTier.PRIMARY, new StoragePrefix(prefix), token);
            page.keys().stream().map(StorageKey::value).forEach(keys::add);
            token = page.nextToken();
        } while (token != null);
        return keys;
    }

    @Test
    void theClientsWholeJourneyWorksUnchanged() throws Exception {
        Api client = alice();

        var registered = client.post("/epx/jobs/register", "{\"tags\":[\"info_job\"]}");
        assertEquals(200, registered.status(), registered.raw().body());
        assertEquals(Set.of("id", "userId", "tags"), fields(registered.body()));
        assertEquals("alice", registered.body().get("userId").getStringValue());
        assertEquals("info_job", registered.body().get("tags").get(0).getStringValue());
        long job = registered.id();

        byte[] input = ArtifactsApiTest.zip("main.fred", "simulation model");
        assertEquals(200, put(uploadUrl(client, job, "job", "input", null), input));

        var submitted = client.post("/epx/runs", "{\"runRequests\":[" + runRequest(job, 1) + "," + runRequest(job, 2)
                + "]}");
        assertEquals(200, submitted.status(), submitted.raw().body());
        assertEquals(Set.of("runResponses"), fields(submitted.body()));
        List<Long> runIds = new ArrayList<>();
        for (JsonNode response : submitted.body().get("runResponses").values()) {
            assertEquals(Set.of("runId", "jobId", "status", "errors", "runRequest"), fields(response));
            assertEquals(job, response.get("jobId").getLongValue());
            assertEquals("Submitted", response.get("status").getStringValue());
            assertTrue(response.get("errors").isNull());
            assertEquals("11.0.1", response.get("runRequest").get("fredVersion").getStringValue());
            runIds.add(response.get("runId").getLongValue());
        }
        var asRunvaultSeesIt = api().get("/api/v1/jobs/" + job);
        assertEquals("SUBMITTED", asRunvaultSeesIt.body().get("status").getStringValue(),
                "the input the client PUT was noticed and submitted the job");

        byte[] runConfig = "{\"seed\":1}".getBytes(StandardCharsets.UTF_8);
        for (long run : runIds) {
            assertEquals(200, put(uploadUrl(client, job, "run", "config", run), runConfig));
        }
        byte[] jobConfig = "{\"model\":\"main.fred\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, put(uploadUrl(client, job, "job", "config", null), jobConfig));

        List<JsonNode> queued = runs(client, job);
        assertEquals(2, queued.size());
        for (JsonNode run : queued) {
            assertEquals(Set.of("id", "jobId", "userId", "createdTs", "request", "podPhase", "containerStatus",
                    "status", "userDeleted", "epxClientVersion", "url"), fields(run));
            assertEquals("QUEUED", run.get("status").getStringValue());
            assertEquals("Pending", run.get("podPhase").getStringValue());
            assertEquals("alice", run.get("userId").getStringValue());
            assertFalse(run.get("userDeleted").getBooleanValue());
            assertTrue(run.get("url").isNull());
            assertEquals("Loving_County_TX",
                    run.get("request").get("population").get("locations").get(0).getStringValue());
        }

        // The worker, on /api/v1: finds the configs stored, then uploads each run's results.
        Api worker = workerFor(job, null);
        var configs = worker.get("/api/v1/jobs/" + job + "/artifacts?kind=run_config&state=STORED");
        assertEquals(2, configs.body().get("items").size(), configs.raw().body());
        List<byte[]> results = new ArrayList<>();
        for (long run : runIds) {
            byte[] zip = ArtifactsApiTest.zip("out.csv", "run " + run);
            results.add(zip);
            var put = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                    .header("Content-Type", "application/zip").PUT(HttpRequest.BodyPublishers.ofByteArray(zip)));
            assertEquals(201, put.status(), put.raw().body());
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> runs(client, job).stream().allMatch(run -> run.get("status").getStringValue()
                        .equals("DONE")));
        for (JsonNode run : runs(client, job)) {
            assertEquals("Succeeded", run.get("podPhase").getStringValue());
            assertNotNull(run.get("url").getStringValue());
        }
        assertEquals("COMPLETED", api().get("/api/v1/jobs/" + job).body().get("status").getStringValue());

        var urls = client.get("/epx/jobs/results?job_id=" + job);
        assertEquals(200, urls.status(), urls.raw().body());
        assertEquals(Set.of("urls"), fields(urls.body()));
        assertEquals(2, urls.body().get("urls").size());
        for (int i = 0; i < runIds.size(); i++) {
            JsonNode url = urls.body().get("urls").get(i);
            assertEquals(Set.of("run_id", "url"), fields(url));
            assertEquals((long) runIds.get(i), url.get("run_id").getLongValue());
            assertArrayEquals(results.get(i), get(url.get("url").getStringValue()));
        }

        String prefix = api().get("/api/v1/jobs/" + job).body().get("storagePrefix").getStringValue();
        long a = runIds.get(0);
        long b = runIds.get(1);
        assertEquals(new TreeSet<>(List.of(prefix + "job_input.zip", prefix + "job_config.json",
                prefix + "run_" + a + "_config.json", prefix + "run_" + b + "_config.json",
                prefix + "run_" + a + "_results.zip", prefix + "run_" + b + "_results.zip")), keysUnder(prefix));
        assertEquals(Set.of(), keysUnder("incoming/" + prefix), "nothing is left staged");
    }

    @Test
    void aPlainUrlCannotReplaceWhatWasStoredThroughIt() throws Exception {
        Api client = alice();
        long job = client.post("/epx/jobs/register", "{\"tags\":[]}").id();
        String url = uploadUrl(client, job, "job", "input", null);
        byte[] first = ArtifactsApiTest.zip("a", "first");
        assertEquals(200, put(url, first));
        runs(client, job);
        var stored = api().get("/api/v1/jobs/" + job + "/artifacts?kind=job_input").body().get("items").get(0);
        assertEquals("STORED", stored.get("state").getStringValue());
        assertEquals(Sha256.hex(first), stored.get("sha256").getStringValue());

        assertEquals(200, put(url, ArtifactsApiTest.zip("a", "second")), "the URL is still valid");
        runs(client, job);

        var redirect = api().get("/api/v1/artifacts/" + stored.get("id").getLongValue() + "/download");
        assertArrayEquals(first, get(redirect.header("Location")));
        assertEquals(Set.of(), keysUnder("incoming/jobs/" + job + "/"), "the later PUT was dropped");
        var again = client.post("/epx/jobs", "{\"jobId\":" + job + ",\"context\":\"job\",\"type\":\"input\"}");
        assertEquals(409, again.status());
        assertEquals(Set.of("error"), fields(again.body()));
    }

    @Test
    void theSweepStoresStagedUploadsNobodyReads() throws Exception {
        Api client = alice();
        long job = client.post("/epx/jobs/register", "{\"tags\":[]}").id();
        assertEquals(200, put(uploadUrl(client, job, "job", "config", null), "{}".getBytes(StandardCharsets.UTF_8)));
        var prefix = new JobS3Prefix(api().get("/api/v1/jobs/" + job).body().get("storagePrefix").getStringValue());

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> api()
                .get("/api/v1/jobs/" + job + "/artifacts?kind=job_config&state=STORED").body().get("items")
                .size() == 1);
        assertEquals(Set.of(prefix.value() + "job_config.json"), keysUnder(prefix.value()));
    }

    @Test
    void cancelIsSeenThroughEpxAndAClosedJobTakesNoRuns() {
        Api client = alice();
        long job = client.post("/epx/jobs/register", "{\"tags\":[]}").id();
        assertEquals(200, client.post("/epx/runs", "{\"runRequests\":[" + runRequest(job, 1) + "]}").status());
        assertEquals(200, api().post("/api/v1/jobs/" + job + "/cancel", "").status());

        assertEquals("ERROR", runs(client, job).getFirst().get("status").getStringValue());
        var late = client.post("/epx/runs", "{\"runRequests\":[" + runRequest(job, 2) + "]}");
        assertEquals(409, late.status());
        assertEquals(Set.of("error"), fields(late.body()));
    }

    @Test
    void errorsAreWhatTheClientExpects() {
        Api client = alice();
        long job = client.post("/epx/jobs/register", "{\"tags\":[]}").id();

        var noToken = admin().as(null).withHeaders("Fredcli-Version", "0.4.0", "User-Agent", "epx_client_1.2.2")
                .post("/epx/jobs/register", "{\"tags\":[]}");
        assertEquals(400, noToken.status());
        assertEquals(Set.of("error"), fields(noToken.body()));
        var noVersion = admin().as(null).withHeaders("Offline-Token", "Bearer " + ADMIN_TOKEN, "User-Agent", "x")
                .get("/epx/runs?job_id=" + job);
        assertEquals(400, noVersion.status());
        assertEquals(401, epx("rv_not_a_token").get("/epx/runs?job_id=" + job).status());
        var badBody = client.post("/epx/runs", "{\"runRequests\": [");
        assertEquals(400, badBody.status());
        assertEquals(Set.of("error"), fields(badBody.body()));
        assertEquals(400, client.post("/epx/runs", "{\"runRequests\":[{\"jobId\":\"x\"}]}").status());
        var unknown = client.get("/epx/runs?job_id=987654321");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().get("error").getStringValue().contains("987654321"));
        Api bob = epx(issueToken("CLIENT", "bob", null, null));
        assertEquals(400, bob.get("/epx/jobs/results?job_id=" + job).status(), "another's job does not exist");
        assertEquals(400, client.get("/epx/runs").status());
        var workerRuns = epx(issueToken("WORKER", "w", job, null)).post("/epx/runs",
                "{\"runRequests\":[" + runRequest(job, 1) + "]}");
        assertEquals(403, workerRuns.status(), "the same rules as /api/v1: workers do not submit runs");
    }
}
