package io.runvault.bootstrap;

import io.runvault.adapters.out.s3.EmbeddedS3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The no-set-up defaults: when no JDBC URL is configured, an embedded Postgres keeps its data under
 * {@code .data/postgres}; when no storage bucket is configured, an in-process S3 server keeps objects under
 * {@code .data/s3}. Both survive restarts. Anything configured explicitly wins.
 */
final class EmbeddedDefaults {
    static final String EMBEDDED_BUCKET = "runvault";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDefaults.class);
    private EmbeddedDefaults() {
    }

    /** What the environment configured; empty means "start it embedded". */
    record Settings(Optional<String> jdbcUrl, Optional<String> bucket, Path dataDir, int postgresPort, int s3Port) {
        static Settings fromEnvironment() {
            Function<String, Optional<String>> setting = name -> Optional.ofNullable(System.getProperty(name))
                    .or(() -> Optional.ofNullable(System.getenv(name.toUpperCase().replace('.', '_').replace('-', '_'))))
                    .filter(value -> !value.isBlank());
            return new Settings(
                    setting.apply("datasources.default.url"),
                    setting.apply("runvault.storage.s3.bucket"),
                    Path.of(setting.apply("runvault.data-dir").orElse(".data")),
                    setting.apply("runvault.embedded.postgres-port").map(Integer::parseInt).orElse(0),
                    setting.apply("runvault.embedded.s3-port").map(Integer::parseInt).orElse(0));
        }
    }

    static Map<String, Object> start(Settings settings) {
        Map<String, Object> properties = new HashMap<>();
        // Side by side: Postgres mostly waits for its own processes (initdb, pg_ctl), so the S3 server's set-up
        // fills that time instead of adding to it.
        CompletableFuture<Map<String, Object>> postgres = settings.jdbcUrl().isEmpty()
                ? CompletableFuture.supplyAsync(() -> timed("Embedded Postgres",
                        () -> startPostgres(settings.dataDir().resolve("postgres"), settings.postgresPort())),
                        task -> Thread.ofPlatform().name("embedded-postgres").start(task))
                : CompletableFuture.completedFuture(Map.of());
        if (settings.bucket().isEmpty()) {
            properties.putAll(timed("Embedded S3", () -> startS3(settings.dataDir().resolve("s3"),
                    settings.s3Port())));
        }
        try {
            properties.putAll(postgres.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return properties;
    }

    /** Timed in the log: these starts are most of a cold start, and bench/run reads the figures from there. */
    private static Map<String, Object> timed(String what, Supplier<Map<String, Object>> start) {
        long started = System.nanoTime();
        Map<String, Object> properties = start.get();
        LOG.info("{} started in {}ms", what, (System.nanoTime() - started) / 1_000_000);
        return properties;
    }

    /** Loopback only, with a secret made fresh at each start: nothing but this process can sign for it. */
    private static Map<String, Object> startS3(Path dir, int port) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        EmbeddedS3Server s3 = EmbeddedS3Server.start(dir, port, "runvault", HexFormat.of().formatHex(secret),
                EMBEDDED_BUCKET);
        Runtime.getRuntime().addShutdownHook(new Thread(s3::close));
        return s3.properties(EMBEDDED_BUCKET);
    }

    private static Map<String, Object> startPostgres(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            return Map.of(
                    "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "datasources.default.username", "postgres",
                    "datasources.default.password", "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Postgres under " + dir, e);
        }
    }
}
