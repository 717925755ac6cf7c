package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.StorageKey;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * {@link RacingPresignedUploads} on a store that ignores If-None-Match: the write claim alone picks one upload. The
 * completion path sends no condition of its own, so the store double is first shown to replace objects freely.
 */
@MicronautTest(transactional = false)
@Tag("heavy")
class RacingPresignedUploadsOnUnconditionalStoreTest extends RacingPresignedUploads {
    @Inject
    ArtifactObjects objects;

    @Override
    protected Map<String, String> storageProperties() {
        Map<String, String> properties = new HashMap<>(super.storageProperties());
        properties.put("runvault.test.storage", "unconditional");
        return properties;
    }

    @BeforeAll
    void theStoreReplacesWhatACreateOnlyWriteFinds() {
        var key = new StorageKey("scratch/unconditional");
        objects.putIfAbsent(key, new ByteArrayInputStream(new byte[] {1}), DeclaredLength.of(1));
        objects.putIfAbsent(key, new ByteArrayInputStream(new byte[] {2, 2}), DeclaredLength.of(2));
        assertEquals(2, objects.head(key).orElseThrow().size(), "the second create-only write replaced the first");
        objects.delete(key);
    }

    @AfterAll
    void theStoreDoubleWasInTheWay() {
        assertTrue(UnconditionalS3.DROPPED.get() > 0, "no If-None-Match was dropped");
    }
}
