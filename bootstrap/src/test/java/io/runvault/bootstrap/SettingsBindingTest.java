package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.context.ApplicationContext;
import io.runvault.adapters.AdapterSettings;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.adapters.testing.TestS3;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings trees bind their defaults when nothing is configured, and what is configured when it is. */
class SettingsBindingTest {

    @Test
    void unconfiguredSettingsHaveTheirDefaults() {
        try (ApplicationContext context = ApplicationContext.builder().properties(services(Map.of())).start()) {
            RunvaultSettings settings = context.getBean(RunvaultSettings.class);
            assertFalse(settings.security().workersMayUseAnyJob());
            assertNull(settings.security().bootstrapAdminToken());
            assertEquals(Duration.ofMinutes(5), settings.uploads().urlTtl());
            assertEquals(Duration.ofSeconds(30), settings.uploads().claimWait());
            assertEquals(4, settings.archive().parallelCopies());
            AdapterSettings adapters = context.getBean(AdapterSettings.class);
            assertEquals(Duration.ofMinutes(1), adapters.operations().lease());
            assertEquals("/epx", adapters.epx().basePath());
            assertEquals(2, adapters.archive().threads());
        }
    }

    @Test
    void environmentStyleNamesBindIntoTheTree() {
        try (ApplicationContext context = ApplicationContext.builder().properties(services(Map.of(
                "runvault.uploads.claim-wait", "5s",
                "runvault.archive.parallel-copies", "7",
                "runvault.uploads.idle-timeout", "2s",
                "runvault.security.bootstrap-admin-token", ""))).start()) {
            RunvaultSettings settings = context.getBean(RunvaultSettings.class);
            assertEquals(Duration.ofSeconds(5), settings.uploads().claimWait());
            assertEquals(7, settings.archive().parallelCopies());
            assertNull(settings.security().bootstrapAdminToken());
            assertEquals(Duration.ofSeconds(2), context.getBean(AdapterSettings.class).uploads().idleTimeout());
        }
    }

    /** A context starts its database and storage; the settings are what is looked at. */
    private static Map<String, Object> services(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.putAll(TestPostgres.freshDatabase().properties());
        properties.putAll(TestS3.freshProperties());
        return properties;
    }
}
