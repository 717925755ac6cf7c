package io.runvault.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.adapters.testing.TestS3;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/** Base of the end-to-end tests: the whole server on a random port over a fresh database and a fresh bucket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    protected final TestPostgres.Database database = TestPostgres.freshDatabase();

    private Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        database.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.putAll(storageProperties());
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    /** A bucket of its own on the shared in-process S3 server; tests needing another store override this. */
    protected Map<String, String> storageProperties() {
        return TestS3.freshProperties();
    }

    Api api() {
        if (api == null) {
            api = new Api(server.getURI(), json);
        }
        return api;
    }
}
