package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** {@link MultipartUploadsTest} on a store that ignores If-None-Match: the write claim alone picks one winner. */
@MicronautTest(transactional = false)
@Tag("heavy")
class MultipartUploadsOnUnconditionalStoreTest extends MultipartUploadsTest {
    @Override
    protected Map<String, String> storageProperties() {
        Map<String, String> properties = new HashMap<>(super.storageProperties());
        properties.put("runvault.test.storage", "unconditional");
        return properties;
    }

    @AfterAll
    void theStoreDoubleWasInTheWay() {
        assertTrue(UnconditionalS3.DROPPED.get() > 0, "no If-None-Match was dropped");
    }
}
