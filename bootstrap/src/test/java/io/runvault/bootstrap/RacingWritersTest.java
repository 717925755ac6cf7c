package io.runvault.bootstrap;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Tag;

/** {@link RacingWriters} on the in-process S3 server. */
@MicronautTest(transactional = false)
@Tag("heavy")
class RacingWritersTest extends RacingWriters {
}
