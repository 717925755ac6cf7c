package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.testing.TestS3;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bucket that is not there makes /health DOWN (503) and says so under "storage". */
@MicronautTest(transactional = false)
class StorageDownHealthTest extends ServerTest {

    @Override
    protected Map<String, String> storageProperties() {
        return TestS3.properties("no-such-bucket");
    }

    @Test
    void healthIsDownWhenTheBucketIsMissing() {
        var reply = admin().get("/health");
        assertEquals(503, reply.status(), () -> reply.raw().body());
        assertEquals("DOWN", reply.body().get("status").getStringValue());
        var storage = reply.body().get("details").get("storage");
        assertEquals("DOWN", storage.get("status").getStringValue());
        assertEquals("no-such-bucket", storage.get("details").get("bucket").getStringValue());
    }
}
