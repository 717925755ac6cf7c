package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.adapters.testing.TestS3;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoredObject;
import jakarta.inject.Inject;
import io.runvault.cli.RunvaultCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.TestInstance;

/** Base of the end-to-end tests: the whole server on a random port over a fresh database and a fresh bucket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    protected final TestPostgres.Database database = TestPostgres.freshDatabase();

    /** The first admin's token, configured the way an operator would. */
    static final String ADMIN_TOKEN = "rv_test_admin_" + UUID.randomUUID().toString().replace("-", "");

    private Api admin;
    private Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        database.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.putAll(storageProperties());
        properties.put("micronaut.server.port", "-1");
        properties.put("runvault.security.bootstrap-admin-token", ADMIN_TOKEN);
        return properties;
    }

    /** A bucket of its own on the shared in-process S3 server; tests needing another store override this. */
    protected Map<String, String> storageProperties() {
        return TestS3.freshProperties();
    }

    /** As the admin. */
    Api admin() {
        if (admin == null) {
            admin = new Api(server.getURI(), json, ADMIN_TOKEN);
        }
        return admin;
    }

    /** As the client "alice", who owns the jobs the tests create. */
    Api api() {
        if (api == null) {
            api = admin().as(issueToken("CLIENT", "alice", null, null));
        }
        return api;
    }

    /** What the runvault CLI printed, standard output and error together, and how it exited. */
    record CliResult(int exit, String out) {
    }

    /** The runvault CLI, in this JVM, against this server as {@code token}, with {@code home} as its home folder. */
    CliResult cli(Path home, String token, String... args) {
        return cli(home, server.getURI(), token, args);
    }

    /** The runvault CLI against the server at {@code url}: this one through a proxy, say. */
    CliResult cli(Path home, URI url, String token, String... args) {
        var bytes = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("RUNVAULT_URL", url.toString());
        env.put("RUNVAULT_TOKEN", token);
        int exit = new RunvaultCli(env, home, new PrintStream(bytes, true, StandardCharsets.UTF_8), false).run(args);
        return new CliResult(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** As nobody: no Authorization header. */
    Api anonymous() {
        return admin().as(null);
    }

    /** As a worker scoped to one job (and run, when given). */
    Api workerFor(long job, Long run) {
        return admin().as(issueToken("WORKER", "worker-" + job, job, run));
    }

    String issueToken(String role, String name, Long job, Long run) {
        var reply = admin().post("/api/v1/admin/tokens", "{\"label\":\"test\",\"role\":\"" + role
                + "\",\"name\":\"" + name + "\",\"jobId\":" + job + ",\"runId\":" + run + "}");
        if (reply.status() != 201) {
            throw new IllegalStateException("could not issue a token: " + reply.raw().body());
        }
        return reply.body().get("token").getStringValue();
    }

    /**
     * Another writer's claim on an artifact, alive for {@code seconds} more, as a completion still at work on another
     * server leaves it.
     */
    protected void holdArtifactClaim(long artifact, int seconds) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement claim = connection.prepareStatement(
                "UPDATE artifacts SET writer = gen_random_uuid(), writer_until = now() + make_interval(secs => ?) "
                        + "WHERE id = ?")) {
            claim.setInt(1, seconds);
            claim.setLong(2, artifact);
            assertEquals(1, claim.executeUpdate());
        }
    }

    /** An operation as a server left it in the database: its id and when its claim lapses (null: unclaimed). */
    record RunningOperation(long id, Instant claimedUntil) {
    }

    /**
     * An ARCHIVE of {@code job} RUNNING as another server left it: claimed by {@code runner} for {@code claim}, or
     * unclaimed when {@code runner} is null, as after a crash.
     */
    protected RunningOperation runningArchive(long job, String runner, Duration claim) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO operations (kind, job_id, state, requested_by, runner, runner_until) "
                        + "VALUES ('ARCHIVE', ?, 'RUNNING', 'admin', ?, now() + ? * interval '1 millisecond') "
                        + "RETURNING id, runner_until")) {
            insert.setLong(1, job);
            insert.setString(2, runner);
            if (runner == null) {
                insert.setNull(3, java.sql.Types.BIGINT);
            } else {
                insert.setLong(3, claim.toMillis());
            }
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                OffsetDateTime until = rs.getObject(2, OffsetDateTime.class);
                return new RunningOperation(rs.getLong(1), until == null ? null : until.toInstant());
            }
        }
    }

    /**
     * Stored results of one new run of {@code job}, in stages s0, s1, …: written through {@code storage} with the rows
     * the upload would have written.
     */
    protected List<StorageKey> seedStoredResults(ArtifactObjects storage, long job, int count) throws Exception {
        assertEquals(201, admin().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").status());
        long run = admin().get("/api/v1/jobs/" + job + "/runs").body().get("items").get(0).get("id").getLongValue();
        JobS3Prefix prefix = new JobS3Prefix(admin().get("/api/v1/jobs/" + job).body().get("storagePrefix")
                .getStringValue());
        List<StorageKey> keys = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO artifacts (job_id, run_id, kind, stage, key, state, size, checksum_algorithm, checksum, "
                        + "seq) VALUES (?, ?, 'run_results', ?, ?, 'STORED', ?, 'SHA256', ?, "
                        + "nextval('artifact_stored_seq'))")) {
            for (int i = 0; i < count; i++) {
                String stage = "s" + i;
                StorageKey key = prefix.keyFor(ArtifactIdentity.runResults(new JobId(job), new RunId(run),
                        new Stage(stage)));
                byte[] body = ("artifact " + i + " of job " + job).getBytes();
                StoredObject stored = storage.putIfAbsent(key, new ByteArrayInputStream(body),
                        DeclaredLength.of(body.length));
                insert.setLong(1, job);
                insert.setLong(2, run);
                insert.setString(3, stage);
                insert.setString(4, key.value());
                insert.setLong(5, stored.size());
                insert.setString(6, stored.sha256().value());
                insert.executeUpdate();
                keys.add(key);
            }
        }
        return keys;
    }
}
