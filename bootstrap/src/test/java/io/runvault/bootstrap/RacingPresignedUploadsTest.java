package io.runvault.bootstrap;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Tag;

/** {@link RacingPresignedUploads} on the in-process S3 server. */
@MicronautTest(transactional = false)
@Tag("heavy")
class RacingPresignedUploadsTest extends RacingPresignedUploads {
}
