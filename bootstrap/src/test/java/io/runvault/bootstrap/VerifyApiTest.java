package io.runvault.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.StorageKey;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The scrub: objects replaced, deleted or added straight in the store, behind Runvault's back, are listed on the
 * verify operation and in the audit log, and left as they are.
 */
@MicronautTest(transactional = false)
class VerifyApiTest extends ServerTest {
    @Inject
    ArtifactObjects storage;

    @Inject
    S3Client s3;

    @Inject
    S3Settings settings;

    @Test
    void driftBehindRunvaultsBackIsListedAuditedAndLeftAlone() throws Exception {
        long job = admin().post("/api/v1/jobs", "{}").id();
        List<StorageKey> keys = seedStoredResults(storage, job, 4);
        JobS3Prefix prefix = prefixOf(job);
        byte[] replacement = "other bytes, written around Runvault".getBytes();
        s3.putObject(b -> b.bucket(settings.bucket()).key(keys.get(0).value()), RequestBody.fromBytes(replacement));
        s3.deleteObject(b -> b.bucket(settings.bucket()).key(keys.get(2).value()));
        String stray = prefix.primary().value() + "runs/leftover/unknown.bin";
        s3.putObject(b -> b.bucket(settings.bucket()).key(stray), RequestBody.fromBytes(new byte[] {1, 2, 3}));

        var started = admin().post("/api/v1/admin/jobs/" + job + "/verify", "");
        assertEquals(202, started.status(), () -> started.raw().body());
        assertEquals("VERIFY", started.body().get("kind").getStringValue());
        long operation = started.id();
        JsonNode ended = awaitEnd(operation);

        assertEquals("FAILED", ended.get("state").getStringValue(), ended::toString);
        assertEquals(4, ended.get("total").getLongValue());
        assertEquals(2, ended.get("done").getLongValue());
        assertEquals(3, ended.get("failed").getLongValue());
        List<String> failures = new ArrayList<>();
        JsonNode listed = ended.get("failures");
        for (int i = 0; i < listed.size(); i++) {
            failures.add(listed.get(i).get("key").getStringValue() + " " + listed.get(i).get("message")
                    .getStringValue());
        }
        assertTrue(failures.stream().anyMatch(f -> f.startsWith(keys.get(0).value() + " replaced:")),
                failures::toString);
        assertTrue(failures.stream().anyMatch(f -> f.startsWith(keys.get(2).value() + " missing:")),
                failures::toString);
        assertTrue(failures.stream().anyMatch(f -> f.startsWith(stray + " stray:")), failures::toString);
        assertEquals(3, count("SELECT count(*) FROM audit_log WHERE action = 'VERIFY drift' AND target LIKE 'job "
                + job + " operation " + operation + " %'"));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'VERIFY finished' AND outcome LIKE "
                + "'FAILED%' AND target = 'job " + job + " operation " + operation + "'"));

        // Never repaired: the replaced bytes, the gap and the stray object are all still there.
        assertArrayEquals(replacement, s3.getObjectAsBytes(b -> b.bucket(settings.bucket())
                .key(keys.get(0).value())).asByteArray());
        assertThrowsNoSuchKey(keys.get(2));
        assertNotNull(s3.headObject(b -> b.bucket(settings.bucket()).key(stray)));

        var again = admin().post("/api/v1/admin/jobs/" + job + "/verify", "");
        assertEquals(202, again.status());
        assertEquals(operation, again.id(), "the same operation, resumed");
        assertEquals("RUNNING", again.body().get("state").getStringValue(), "answered as reopened");
        assertEquals("FAILED", awaitEnd(operation).get("state").getStringValue(), "the drift is still there");
    }

    @Test
    void theScrubOfAllJobsStartsAVerifyPerJobAPageAtATime() {
        long older = admin().post("/api/v1/jobs", "{}").id();
        long newer = admin().post("/api/v1/jobs", "{}").id();

        var first = admin().post("/api/v1/admin/verify?limit=1", "");
        assertEquals(202, first.status(), () -> first.raw().body());
        JsonNode page = first.body();
        assertEquals(1, page.get("items").size());
        assertEquals(newer, page.get("items").get(0).get("jobId").getLongValue());
        long operation = page.get("items").get(0).get("operation").get("id").getLongValue();
        String cursor = page.get("nextCursor").getStringValue();
        assertNotNull(cursor);
        assertEquals("SUCCEEDED", awaitEnd(operation).get("state").getStringValue());

        JsonNode next = admin().post("/api/v1/admin/verify?limit=1&cursor=" + cursor, "").body();
        assertEquals(older, next.get("items").get(0).get("jobId").getLongValue());
        assertEquals("SUCCEEDED", awaitEnd(next.get("items").get(0).get("operation").get("id").getLongValue())
                .get("state").getStringValue());
        assertEquals(403, api().post("/api/v1/admin/verify", "").status());
    }

    private void assertThrowsNoSuchKey(StorageKey key) {
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(key.value()));
            throw new AssertionError(key + " was put back");
        } catch (NoSuchKeyException expected) {
            // Still missing, as the scrub found it.
        }
    }

    private JsonNode awaitEnd(long operation) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> admin().get("/api/v1/admin/operations/" + operation).body(),
                body -> !"RUNNING".equals(body.get("state").getStringValue()));
    }

    private JobS3Prefix prefixOf(long job) {
        return new JobS3Prefix(admin().get("/api/v1/jobs/" + job).body().get("storagePrefix").getStringValue());
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.connect(); ResultSet rs = connection.createStatement()
                .executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
