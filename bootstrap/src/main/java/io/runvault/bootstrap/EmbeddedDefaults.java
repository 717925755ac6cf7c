package io.runvault.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The no-set-up defaults: when no JDBC URL is configured, an embedded Postgres keeps its data under
 * {@code .data/postgres} and survives restarts. Anything configured explicitly wins.
 */
final class EmbeddedDefaults {
    private EmbeddedDefaults() {
    }

    /** What the environment configured; empty means "start it embedded". */
    record Settings(Optional<String> jdbcUrl, Path dataDir, int postgresPort) {
        static Settings fromEnvironment() {
            Function<String, Optional<String>> setting = name -> Optional.ofNullable(System.getProperty(name))
                    .or(() -> Optional.ofNullable(System.getenv(name.toUpperCase().replace('.', '_').replace('-', '_'))))
                    .filter(value -> !value.isBlank());
            return new Settings(
                    setting.apply("datasources.default.url"),
                    Path.of(setting.apply("runvault.data-dir").orElse(".data")),
                    setting.apply("runvault.embedded.postgres-port").map(Integer::parseInt).orElse(0));
        }
    }

    static Map<String, Object> start(Settings settings) {
        Map<String, Object> properties = new HashMap<>();
        if (settings.jdbcUrl().isEmpty()) {
            properties.putAll(startPostgres(settings.dataDir().resolve("postgres"), settings.postgresPort()));
        }
        return properties;
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
