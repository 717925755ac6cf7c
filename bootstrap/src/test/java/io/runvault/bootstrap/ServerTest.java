package io.runvault.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.adapters.testing.TestS3;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.TestInstance;

/** Base of the end-to-end tests: the whole server on a random port over a fresh database and a fresh bucket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    protected final TestPostgres.Database database = TestPostgres.freshDatabase();

    /** The first admin's token, configured the way an operator would. */
    static final String ADMIN_TOKEN = "rv_test_admin_" + UUID.randomUUID().toString().replace("-", "");

    private Api admin;
    private Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        database.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.putAll(storageProperties());
        properties.put("micronaut.server.port", "-1");
        properties.put("runvault.security.bootstrap-admin-token", ADMIN_TOKEN);
        return properties;
    }

    /** A bucket of its own on the shared in-process S3 server; tests needing another store override this. */
    protected Map<String, String> storageProperties() {
        return TestS3.freshProperties();
    }

    /** As the admin. */
    Api admin() {
        if (admin == null) {
            admin = new Api(server.getURI(), json, ADMIN_TOKEN);
        }
        return admin;
    }

    /** As the client "alice", who owns the jobs the tests create. */
    Api api() {
        if (api == null) {
            api = admin().as(issueToken("CLIENT", "alice", null, null));
        }
        return api;
    }

    /** As nobody: no Authorization header. */
    Api anonymous() {
        return admin().as(null);
    }

    /** As a worker scoped to one job (and run, when given). */
    Api workerFor(long job, Long run) {
        return admin().as(issueToken("WORKER", "worker-" + job, job, run));
    }

    String issueToken(String role, String name, Long job, Long run) {
        var reply = admin().post("/api/v1/admin/tokens", "{\"label\":\"test\",\"role\":\"" + role
                + "\",\"name\":\"" + name + "\",\"jobId\":" + job + ",\"runId\":" + run + "}");
        if (reply.status() != 201) {
            throw new IllegalStateException("could not issue a token: " + reply.raw().body());
        }
        return reply.body().get("token").getStringValue();
    }
}
