package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's status over HTTP as its runs move: RUNNING, then COMPLETED or FAILED; cancel; a closed job is a 409. */
@MicronautTest(transactional = false)
class JobLifecycleApiTest extends ServerTest {

    private long newJob() {
        return api().post("/api/v1/jobs", "{}").id();
    }

    private List<Long> newRuns(long job, int count) {
        var runs = api().post("/api/v1/jobs/" + job + "/runs",
                "{\"runs\":[" + String.join(",", java.util.Collections.nCopies(count, "{\"config\":{}}")) + "]}");
        assertEquals(201, runs.status(), runs.raw().body());
        List<Long> ids = new ArrayList<>();
        runs.body().get("runs").values().forEach(run -> ids.add(run.get("id").getLongValue()));
        return ids;
    }

    private String status(long job) {
        return api().get("/api/v1/jobs/" + job).body().get("status").getStringValue();
    }

    private Api.Reply move(Api worker, long run, String status) {
        return worker.patch("/api/v1/runs/" + run, "{\"status\":\"" + status + "\"}");
    }

    private Api.Reply putResults(Api worker, long job, long run) {
        return worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ArtifactsApiTest.zip("out.csv", "run " + run))));
    }

    @Test
    void theFirstRunToStartMakesTheJobRunningAndResultsOfEveryRunComplete() {
        long job = newJob();
        List<Long> runs = newRuns(job, 2);
        Api worker = workerFor(job, null);
        assertEquals("CREATED", status(job));

        assertEquals(200, move(worker, runs.get(0), "RUNNING").status());
        assertEquals("RUNNING", status(job));
        assertEquals(201, putResults(worker, job, runs.get(0)).status());
        assertEquals("RUNNING", status(job), "one run has not ended");
        assertEquals(201, putResults(worker, job, runs.get(1)).status());
        assertEquals("COMPLETED", status(job));

        var late = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}");
        assertEquals(409, late.status());
        assertEquals("urn:runvault:problem:job-closed", late.problemType());
        assertEquals(200, putResults(worker, job, runs.get(1)).status(), "the same results again are still fine");
        var logs = worker.post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"run_logs\",\"runId\":" + runs.get(0)
                + "}");
        assertEquals(409, logs.status());
        assertEquals("urn:runvault:problem:job-closed", logs.problemType());
        assertEquals(409, api().post("/api/v1/jobs/" + job + "/cancel", "").status(), "an ended job stays ended");
    }

    @Test
    void anyFailedRunFailsTheJobOnceTheOthersHaveEnded() {
        long job = newJob();
        List<Long> runs = newRuns(job, 2);
        Api worker = workerFor(job, null);
        assertEquals(200, move(worker, runs.get(0), "FAILED").status());
        assertEquals("RUNNING", status(job));
        assertEquals(201, putResults(worker, job, runs.get(1)).status());
        assertEquals("FAILED", status(job));
        var listed = api().get("/api/v1/jobs?status=FAILED");
        assertEquals(job, listed.body().get("items").get(0).get("id").getLongValue());
    }

    @Test
    void theOwnerCancelsAJobAndNothingMoreHappensToIt() {
        long job = newJob();
        List<Long> runs = newRuns(job, 3);
        Api worker = workerFor(job, null);
        move(worker, runs.get(0), "RUNNING");
        assertEquals(201, putResults(worker, job, runs.get(0)).status());
        move(worker, runs.get(1), "RUNNING");

        assertEquals(403, worker.post("/api/v1/jobs/" + job + "/cancel", "").status());
        Api bob = admin().as(issueToken("CLIENT", "bob", null, null));
        assertEquals(404, bob.post("/api/v1/jobs/" + job + "/cancel", "").status());

        var cancelled = api().post("/api/v1/jobs/" + job + "/cancel", "");
        assertEquals(200, cancelled.status(), cancelled.raw().body());
        assertEquals("CANCELLED", cancelled.body().get("status").getStringValue());
        List<String> statuses = new ArrayList<>();
        api().get("/api/v1/jobs/" + job + "/runs").body().get("items").values()
                .forEach(run -> statuses.add(run.get("status").getStringValue()));
        assertEquals(List.of("DONE", "CANCELLED", "CANCELLED"), statuses);

        assertEquals(200, api().post("/api/v1/jobs/" + job + "/cancel", "").status(), "again: the same");
        assertEquals("urn:runvault:problem:job-closed",
                api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").problemType());
        assertEquals("urn:runvault:problem:job-closed",
                api().post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_config\"}").problemType());
        assertEquals("urn:runvault:problem:job-closed", putResults(worker, job, runs.get(1)).problemType());
        assertEquals(409, move(worker, runs.get(2), "RUNNING").status());
        assertEquals("CANCELLED", status(job));
    }

    /** V11 brings jobs whose runs moved before jobs followed them in line, by the domain's rule. */
    @Test
    void theMigrationBringsEarlierJobsInLineWithTheirRuns() throws Exception {
        record Case(String runs, String expected) {
        }
        var cases = List.of(new Case("PENDING,PENDING", "SUBMITTED"), new Case("PENDING,RUNNING", "RUNNING"),
                new Case("DONE,DONE", "COMPLETED"), new Case("DONE,FAILED", "FAILED"),
                new Case("DONE,CANCELLED", "COMPLETED"), new Case("CANCELLED", "CANCELLED"),
                new Case("PENDING,FAILED", "RUNNING"));
        List<Long> jobs = new ArrayList<>();
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            for (Case c : cases) {
                long job = newJob();
                jobs.add(job);
                List<Long> runs = newRuns(job, c.runs().split(",").length);
                for (int i = 0; i < runs.size(); i++) {
                    statement.executeUpdate("UPDATE runs SET status = '" + c.runs().split(",")[i] + "' WHERE id = "
                            + runs.get(i));
                }
                statement.executeUpdate("UPDATE jobs SET status = 'SUBMITTED' WHERE id = " + job);
            }
            String migration;
            try (var in = getClass().getClassLoader()
                    .getResourceAsStream("db/migration/V11__jobs_follow_their_runs.sql")) {
                migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            statement.execute(migration);
        }
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(cases.get(i).expected(), status(jobs.get(i)), cases.get(i).runs());
        }
    }
}
