package io.runvault.bootstrap;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** {@link RacingWriters} on the in-process S3 server. */
@MicronautTest(transactional = false)
class RacingWritersTest extends RacingWriters {
}
