package io.runvault.devserver;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.runvault.devservices.EmbeddedS3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The no-set-up defaults: when no JDBC URL is configured, an embedded Postgres keeps its data under
 * {@code .data/postgres} and requires the password generated into {@code .data/postgres.password}; when no storage
 * bucket is configured, an in-process S3 server keeps objects under {@code .data/s3}. Both survive restarts.
 * Anything configured explicitly wins.
 */
public final class EmbeddedDefaults {
    static final String EMBEDDED_BUCKET = "runvault";
    private static final String ACCESS_KEY = "runvault";
    /** Under the data directory, beside (not in) the cluster's own directory, which initdb needs empty. */
    static final String POSTGRES_PASSWORD_FILE = "postgres.password";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDefaults.class);
    private EmbeddedDefaults() {
    }

    /**
     * What the environment configured; empty means "start it embedded". Read the way the server reads its own
     * settings (application.yml, system properties, environment variables such as {@code RUNVAULT_DATA_DIR}), before
     * the server's context exists.
     *
     * @param dataDir      where embedded services keep their data ({@code runvault.data-dir}, default {@code .data})
     * @param postgresPort the embedded Postgres's port ({@code runvault.embedded.postgres-port}); 0: a free one
     * @param s3Port       the embedded S3 server's port ({@code runvault.embedded.s3-port}); 0: a free one
     * @param serverPort   the server's own port as configured ({@code micronaut.server.port}, {@code RUNVAULT_PORT}),
     *                     unchecked; empty: Micronaut's default
     */
    record Settings(Optional<String> jdbcUrl, Optional<String> bucket, Path dataDir, int postgresPort, int s3Port,
            Optional<String> serverPort) {
        static Settings fromEnvironment() {
            try (ApplicationContext unstarted = ApplicationContext.builder().build()) {
                Environment environment = unstarted.getEnvironment().start();
                return new Settings(
                        environment.getProperty("datasources.default.url", String.class).filter(v -> !v.isBlank()),
                        environment.getProperty("runvault.storage.s3.bucket", String.class).filter(v -> !v.isBlank()),
                        Path.of(environment.getProperty("runvault.data-dir", String.class).orElse(".data")),
                        environment.getProperty("runvault.embedded.postgres-port", Integer.class).orElse(0),
                        environment.getProperty("runvault.embedded.s3-port", Integer.class).orElse(0),
                        environment.getProperty("micronaut.server.port", String.class));
            }
        }
    }

    /**
     * The embedded services being started: their properties are known at once (ports are chosen up front), so the
     * application context is built while they start; {@link EmbeddedServicesGate} holds the first use of each until
     * it is up. A service not started embedded is a completed future of {@code null}.
     */
    record Started(Map<String, Object> properties, CompletableFuture<EmbeddedPostgres> postgres,
            CompletableFuture<EmbeddedS3Server> s3) implements AutoCloseable {
        void awaitPostgres() {
            await(postgres);
        }

        void awaitS3() {
            await(s3);
        }

        /** Stops both; the server leaves this to their shutdown hooks, tests call it. */
        @Override
        public void close() throws IOException {
            EmbeddedS3Server storage = s3.exceptionally(e -> null).join();
            if (storage != null) {
                storage.close();
            }
            EmbeddedPostgres db = postgres.exceptionally(e -> null).join();
            if (db != null) {
                db.close();
            }
        }

        private static <T> T await(CompletableFuture<T> service) {
            try {
                return service.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }

    static Started start(Settings settings) {
        Map<String, Object> properties = new HashMap<>();
        // Side by side, and beside the application context: Postgres mostly waits for its own processes (initdb,
        // pg_ctl) while the S3 server and the context load their classes.
        CompletableFuture<EmbeddedPostgres> postgres = CompletableFuture.completedFuture(null);
        if (settings.jdbcUrl().isEmpty()) {
            int port = settings.postgresPort() > 0 ? settings.postgresPort() : freePort();
            Path dir = settings.dataDir().resolve("postgres");
            Path passwordFile = settings.dataDir().resolve(POSTGRES_PASSWORD_FILE);
            String password = postgresPassword(passwordFile);
            properties.put("datasources.default.url", "jdbc:postgresql://localhost:" + port + "/postgres");
            properties.put("datasources.default.username", "postgres");
            properties.put("datasources.default.password", password);
            postgres = inBackground("embedded-postgres", () -> timed("Embedded Postgres",
                    () -> startPostgres(dir, port, password)));
        }
        CompletableFuture<EmbeddedS3Server> s3 = CompletableFuture.completedFuture(null);
        if (settings.bucket().isEmpty()) {
            int port = settings.s3Port() > 0 ? settings.s3Port() : freePort();
            Path dir = settings.dataDir().resolve("s3");
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String secretKey = HexFormat.of().formatHex(secret);
            properties.putAll(EmbeddedS3Server.properties(EmbeddedS3Server.endpoint(port), EMBEDDED_BUCKET,
                    ACCESS_KEY, secretKey));
            s3 = inBackground("embedded-s3", () -> timed("Embedded S3", () -> startS3(dir, port, secretKey)));
        }
        return new Started(Map.copyOf(properties), postgres, s3);
    }

    private static <T> CompletableFuture<T> inBackground(String name, Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, task -> Thread.ofPlatform().name(name).start(task));
    }

    /** Chosen here rather than by each server, so the context knows where they will be before they are up. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Timed in the log: these starts are most of a cold start, and bench/run reads the figures from there. */
    private static <T> T timed(String what, Supplier<T> start) {
        long started = System.nanoTime();
        T service = start.get();
        LOG.info("{} started in {}ms", what, (System.nanoTime() - started) / 1_000_000);
        return service;
    }

    /** Loopback only, with a secret made fresh at each start: nothing but this process can sign for it. */
    private static EmbeddedS3Server startS3(Path dir, int port, String secretKey) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
        EmbeddedS3Server s3 = EmbeddedS3Server.start(dir, port, ACCESS_KEY, secretKey, EMBEDDED_BUCKET);
        Runtime.getRuntime().addShutdownHook(new Thread(s3::close));
        return s3;
    }

    /**
     * The embedded database's password, generated on first use and kept beside its data, readable by its owner
     * only: the server listens on loopback, but any local user could connect to a cluster that trusts them.
     */
    static String postgresPassword(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Path written = Files.createTempFile(file.getParent(), ".postgres-password", ".tmp");
            try {
                setOwnerOnly(written);
                Files.writeString(written, password + "\n");
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(written);
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the embedded Postgres password in " + file, e);
        }
    }

    private static void setOwnerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port, String password) {
        try {
            Files.createDirectories(dir);
            boolean created = !Files.exists(dir.resolve("PG_VERSION"));
            Path passwordFile = Files.createTempFile("runvault-initdb", ".pw");
            EmbeddedPostgres postgres;
            try {
                setOwnerOnly(passwordFile);
                Files.writeString(passwordFile, password + "\n");
                // initdb's options: a later --auth overrides the trust the library asks for, and --pwfile sets the
                // superuser's password, so a new cluster never trusts anyone. It stops itself at exit (its own hook).
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .setLocaleConfig("auth", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwordFile.toString())
                        .setConnectConfig("password", password)
                        .start();
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            if (!created) {
                requirePasswords(postgres, dir, password);
            }
            return postgres;
        } catch (IOException | SQLException e) {
            throw new UncheckedIOException("could not start the embedded Postgres under " + dir,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** A cluster made before passwords were required trusted local users: it is given the password and made not to. */
    private static void requirePasswords(EmbeddedPostgres postgres, Path dir, String password)
            throws IOException, SQLException {
        Path hba = dir.resolve("pg_hba.conf");
        String rules = Files.readString(hba);
        String required = rules.replaceAll("(?m)^(\\s*(?:local|host)\\S*\\s.*\\s)trust(\\s*)$", "$1scram-sha-256$2");
        if (required.equals(rules)) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER postgres PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(hba, required);
            statement.execute("SELECT pg_reload_conf()");
        }
        LOG.info("The embedded Postgres under {} now requires the password kept in {}", dir, POSTGRES_PASSWORD_FILE);
    }
}
