package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

    @Test
    void partsBelowFiveMegabytesAreRefusedBecauseS3RefusesThem() {
        S3Settings settings = S3Settings.of(ENDPOINT, "b", "k", "s");

        assertThrows(IllegalArgumentException.class, () -> settings.withMultipart(16L << 20, (5L << 20) - 1));
        assertEquals(5L << 20, settings.withMultipart(16L << 20, 5L << 20).partSize());
    }

    @Test
    void aThresholdAboveWhatOnePutObjectMayCarryIsRefused() {
        S3Settings settings = S3Settings.of(ENDPOINT, "b", "k", "s");

        assertEquals(S3Settings.MAX_SINGLE_PUT, settings.multipartThreshold());
        assertThrows(IllegalArgumentException.class,
                () -> settings.withMultipart(S3Settings.MAX_SINGLE_PUT + 1, 8L << 20));
        assertThrows(IllegalArgumentException.class, () -> settings.withMultipart(0, 8L << 20));
    }

    @Test
    void readBackParallelismIsAtLeastOneRangeAndAtMostSixtyFour() {
        S3Settings settings = S3Settings.of(ENDPOINT, "b", "k", "s");

        assertEquals(4, settings.readBackParallel());
        assertThrows(IllegalArgumentException.class, () -> settings.withReadBackParallel(0));
        assertThrows(IllegalArgumentException.class, () -> settings.withReadBackParallel(65));
        assertEquals(1, settings.withReadBackParallel(1).readBackParallel());
        assertEquals(64, settings.withReadBackParallel(64).readBackParallel());
    }

    @Test
    void bucketIsRequiredAndKeysGoInPairs() {
        assertThrows(IllegalArgumentException.class, () -> S3Settings.of(ENDPOINT, " ", "k", "s"));
        assertThrows(IllegalArgumentException.class, () -> S3Settings.of(ENDPOINT, "b", "k", null));
        assertNull(S3Settings.of(ENDPOINT, "b", "", " ").accessKey());
    }

    @Test
    void toStringKeepsTheSecretOut() {
        assertFalse(S3Settings.of(ENDPOINT, "b", "k", "very-secret").toString().contains("very-secret"));
    }
}
