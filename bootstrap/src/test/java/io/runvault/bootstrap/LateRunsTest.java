package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The old system derived folders from "now"; a job's artifacts must stay in the job's folder however late. */
@MicronautTest(transactional = false)
class LateRunsTest extends ServerTest {
    @Inject
    ManualClock clock;

    @Override
    public Map<String, String> getProperties() {
        var properties = new java.util.HashMap<>(super.getProperties());
        properties.put("runvault.test.clock", "manual");
        return properties;
    }

    @Test
    void runsCreatedMinutesAndDaysApartLandInTheSameJobFolder() {
        var job = api().post("/api/v1/jobs", "{}");
        String prefix = job.body().get("storagePrefix").getStringValue();
        assertEquals("jobs/" + job.id() + "/2026/06/30/235830/", prefix);
        // A run still pending keeps the job open: a job whose runs have all ended takes no more.
        assertEquals(201, api().post("/api/v1/jobs/" + job.id() + "/runs", "{\"runs\":[{\"config\":{}}]}").status());

        for (Duration later : new Duration[] {Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofDays(2)}) {
            clock.advance(later);
            long run = api().post("/api/v1/jobs/" + job.id() + "/runs", "{\"runs\":[{\"config\":{}}]}").body()
                    .get("runs").get(0).get("id").getLongValue();
            Api worker = workerFor(job.id(), run);
            var uploaded = worker.send(worker.request("/api/v1/jobs/" + job.id() + "/runs/" + run + "/results")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(ArtifactsApiTest.zip("r.txt", "run " + run))));
            assertEquals(201, uploaded.status());
            String key = uploaded.body().get("key").getStringValue();
            assertTrue(key.startsWith(prefix), key);
        }
    }
}
