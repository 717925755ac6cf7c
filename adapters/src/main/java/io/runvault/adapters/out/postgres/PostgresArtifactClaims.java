package io.runvault.adapters.out.postgres;

import io.micronaut.data.connection.ConnectionOperations;
import io.runvault.adapters.AdapterSettings;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import io.runvault.domain.StorageKey;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: write claims on artifact rows ({@code writer}, {@code writer_until}), leased on the database's clock so
 * servers sharing it agree on when a claim lapses. One thread renews every open claim of this process in one
 * statement, three times per lease.
 */
/*
 * Written out rather than through Micronaut Data: claims are taken, renewed and let go by statements that check the
 * holder and the lease on the database's clock as they write. Each of those statements decides alone, so each runs
 * in autocommit: a transaction around them would add a round trip to the database and protect nothing.
 */
@Singleton
@ReportsDatabaseOutages
public class PostgresArtifactClaims implements ArtifactClaims {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresArtifactClaims.class);
    private static final String IDENTITY = "job_id = ? AND COALESCE(run_id, 0) = ? AND kind = ? AND stage = ?";
    private static final long POLL_MILLIS = 50;
    private static final int ATTEMPTS = 3;
    /** {@link #recordStoredMovingRun}'s statements, written once for each set of statuses a run may move from. */
    private static final Map<Move, String> RECORD_MOVING_RUN = new ConcurrentHashMap<>();
    private static final Set<JobStatus> JOB_STAYS = PostgresRunRepository.jobStaysWhileRunsUnfinished();

    private final ConnectionOperations<Connection> connections;
    private final Duration lease;
    private final Map<UUID, Open> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    @Inject
    public PostgresArtifactClaims(ConnectionOperations<Connection> connections, AdapterSettings.Uploads settings) {
        this(connections, settings.claimLease());
    }

    public PostgresArtifactClaims(ConnectionOperations<Connection> connections, Duration lease) {
        this.connections = connections;
        this.lease = lease;
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("artifact-claim-renewer").factory());
        long every = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        renewer.shutdownNow();
    }

    @Override
    public Claim claim(ArtifactIdentity identity, StorageKey key) {
        long run = identity.run() == null ? 0L : identity.run().value();
        Object[] where = {identity.job().value(), run, identity.kind().wireName(), identity.stage().value()};
        for (int attempt = 0; ; attempt++) {
            UUID writer = UUID.randomUUID();
            long startedAt = System.nanoTime();
            Claim claim = connections.executeWrite(status -> {
                Connection connection = status.getConnection();
                Optional<ArtifactRow> inserted = Jdbc.queryOne(connection,
                        "INSERT INTO artifacts (job_id, run_id, kind, stage, key, state, writer, writer_until) "
                                + "VALUES (?, ?, ?, ?, ?, 'PENDING', ?, now() + ?::interval) "
                                // Any unique index: racing inserts of one identity may collide on its key first.
                                + "ON CONFLICT DO NOTHING "
                                + "RETURNING " + ArtifactRow.COLUMNS,
                        ArtifactRow::read, identity.job().value(), identity.run() == null ? null : run,
                        identity.kind().wireName(), identity.stage().value(), key.value(), writer, interval());
                if (inserted.isPresent()) {
                    return granted(writer, inserted.get().toDomain(), false, startedAt);
                }
                Optional<ArtifactRow> taken = Jdbc.queryOne(connection,
                        "UPDATE artifacts SET writer = ?, writer_until = now() + ?::interval WHERE " + IDENTITY
                                + " AND state = 'PENDING' AND (writer IS NULL OR writer_until < now()) "
                                + "RETURNING " + ArtifactRow.COLUMNS,
                        ArtifactRow::read, writer, interval(), where[0], where[1], where[2], where[3]);
                if (taken.isPresent()) {
                    return granted(writer, taken.get().toDomain(), true, startedAt);
                }
                Seen seen = Jdbc.queryOne(connection, "SELECT " + ArtifactRow.COLUMNS + ", "
                                + "(writer IS NOT NULL AND writer_until >= now()) AS live FROM artifacts WHERE "
                                + IDENTITY, Seen::read, where[0], where[1], where[2], where[3])
                        .orElseThrow(() -> new IllegalStateException("no artifact row for " + identity));
                if (seen.artifact().isStored()) {
                    return new Stored(seen.artifact());
                }
                return seen.live() ? new HeldElsewhere(seen.artifact()) : null;
            });
            if (claim instanceof Open granted) {
                open.put(granted.writer(), granted);
            }
            // Null: the holder let go between our update and our look; ask again rather than wait for nobody.
            if (claim != null) {
                return claim;
            }
            if (attempt + 1 == ATTEMPTS) {
                throw new IllegalStateException("could not settle the write claim on " + identity);
            }
        }
    }

    @Override
    public Optional<Artifact> awaitOutcome(ArtifactId id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Optional<Seen> seen = connections.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                    "SELECT " + ArtifactRow.COLUMNS + ", (writer IS NOT NULL AND writer_until >= now()) AS live "
                            + "FROM artifacts WHERE id = ?", Seen::read, id.value()));
            if (seen.isEmpty() || seen.get().artifact().isStored() || !seen.get().live()
                    || System.nanoTime() > deadline) {
                return seen.map(Seen::artifact);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (Thread.currentThread().isInterrupted()) {
                return seen.map(Seen::artifact);
            }
        }
    }

    /** A row as read, and whether a live claim is on it. */
    private record Seen(Artifact artifact, boolean live) {
        static Seen read(ResultSet rs) throws SQLException {
            return new Seen(ArtifactRow.read(rs).toDomain(), rs.getBoolean("live"));
        }
    }

    private Granted granted(UUID writer, Artifact artifact, boolean mayHaveLeftover, long renewedAt) {
        return new Open(writer, artifact, mayHaveLeftover, renewedAt);
    }

    private String interval() {
        return lease.toMillis() + " milliseconds";
    }

    /** Renews every open claim in one statement; a claim not renewed was taken over and is marked lost. */
    private void renewAll() {
        if (open.isEmpty()) {
            return;
        }
        List<Open> renewing = List.copyOf(open.values());
        long startedAt = System.nanoTime();
        try {
            Set<UUID> renewed = Set.copyOf(connections.executeWrite(status -> Jdbc.unchecked(() -> {
                Connection connection = status.getConnection();
                return Jdbc.query(connection, "UPDATE artifacts SET writer_until = now() + ?::interval "
                                + "WHERE writer = ANY(?) AND state = 'PENDING' RETURNING writer",
                        rs -> rs.getObject("writer", UUID.class), interval(),
                        connection.createArrayOf("uuid", renewing.stream().map(Open::writer).toArray()));
            })));
            for (Open claim : renewing) {
                if (renewed.contains(claim.writer)) {
                    claim.renewedAt = startedAt;
                } else if (open.containsKey(claim.writer)) {
                    claim.lost = true;
                }
            }
        } catch (RuntimeException e) {
            // Claims stay held until their lease runs out on our side too (see Open.held).
            LOG.warn("could not renew {} artifact write claims: {}", renewing.size(), e.getMessage());
        }
    }

    /**
     * The holder's record of what it stored, in the statement that checks it still holds the claim. Called through
     * the bean (not a private method) so that an outage or a saturated pool is reported like any other statement's.
     */
    public Optional<Artifact> recordStored(UUID writer, Artifact artifact, long size, Checksum checksum, String tag) {
        return connections.executeWrite(status -> Jdbc.queryOne(status.getConnection(),
                "UPDATE artifacts SET state = 'STORED', size = ?, checksum_algorithm = ?, checksum = ?, etag = ?, "
                        + "seq = nextval('artifact_stored_seq'), writer = NULL, writer_until = NULL "
                        + "WHERE id = ? AND state = 'PENDING' AND writer = ? RETURNING " + ArtifactRow.COLUMNS,
                ArtifactRow::read, size, checksum.algorithm().name(), checksum.value(), tag, artifact.id().value(),
                writer)).map(ArtifactRow::toDomain);
    }

    /**
     * {@link #recordStored} and the run's compare-and-set in the same statement, when the move leaves the run's job
     * where it is (another run of it unfinished, the job in a status that waits for them; see
     * {@link PostgresRunRepository#updateStatus(RunId, Set, RunStatus)}); a move that may take the job along is left
     * to the run repository, which makes it in a transaction with the job's. The look after the commit that a run's
     * final move calls for is made on the same connection.
     */
    public Optional<Recorded> recordStoredMovingRun(UUID writer, Artifact artifact, long size, Checksum checksum,
            String tag, RunId run, Set<RunStatus> expected, RunStatus target) {
        return connections.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            // The run's update reads the job without locking its row, as a run's move that leaves the job does.
            Optional<RecordedRow> recorded = Jdbc.queryOne(connection,
                    RECORD_MOVING_RUN.computeIfAbsent(new Move(Set.copyOf(expected), target.isFinal()),
                            PostgresArtifactClaims::recordMovingRun),
                    rs -> new RecordedRow(ArtifactRow.read(rs).toDomain(), rs.getObject("moved_job") == null ? null
                            : new JobId(rs.getLong("moved_job")), rs.getString("moved_job_status")),
                    size, checksum.algorithm().name(), checksum.value(), tag, artifact.id().value(), writer,
                    target.name(), run.value());
            recorded.filter(r -> r.movedJob() != null && PostgresRunRepository.needsLookAgain(
                            JobStatus.valueOf(r.movedJobStatus()), target))
                    .ifPresent(r -> PostgresRunRepository.lookAgain(connection, r.movedJob()));
            return recorded.map(r -> new Recorded(r.artifact(), r.movedJob() != null));
        }));
    }

    /**
     * The statuses are written out rather than passed as arrays: with values it can see, the planner can keep one
     * plan for the statement, where with arrays it planned it at most executions of the bench's bursts
     * (bench/RESULTS.md). A run moving to an end moves only while another run of its job is unfinished.
     */
    private static String recordMovingRun(Move move) {
        return "WITH stored AS (UPDATE artifacts SET state = 'STORED', size = ?, checksum_algorithm = ?, "
                + "checksum = ?, etag = ?, seq = nextval('artifact_stored_seq'), writer = NULL, "
                + "writer_until = NULL WHERE id = ? AND state = 'PENDING' AND writer = ? RETURNING "
                + ArtifactRow.COLUMNS + "), "
                + "moved AS (UPDATE runs SET status = ? FROM jobs WHERE runs.id = ? "
                + "AND runs." + PostgresRunRepository.statusIn(move.from()) + " AND EXISTS (SELECT 1 FROM stored) "
                + "AND jobs.id = runs.job_id AND jobs." + PostgresRunRepository.statusIn(JOB_STAYS) + " "
                + (move.toAnEnd() ? "AND EXISTS (SELECT 1 FROM runs others WHERE others.job_id = runs.job_id "
                        + "AND others.id <> runs.id AND others." + PostgresRunRepository.unfinishedCondition() + ") "
                        : "")
                + "RETURNING runs.job_id AS moved_job, jobs.status AS moved_job_status) "
                + "SELECT stored.*, moved.moved_job, moved.moved_job_status FROM stored LEFT JOIN moved ON true";
    }

    /** Which of {@link #recordStoredMovingRun}'s statements: the statuses a run moves from, and if to an end. */
    private record Move(Set<RunStatus> from, boolean toAnEnd) {
    }

    /** An artifact just recorded STORED, and its run's job with the status read when the run moved (else null). */
    private record RecordedRow(Artifact artifact, JobId movedJob, String movedJobStatus) {
    }

    /** A claim this process holds. */
    private final class Open implements Granted {
        private final UUID writer;
        private final Artifact artifact;
        private final boolean mayHaveLeftover;
        private volatile long renewedAt;
        private volatile boolean lost;
        private volatile boolean ended;

        Open(UUID writer, Artifact artifact, boolean mayHaveLeftover, long renewedAt) {
            this.writer = writer;
            this.artifact = artifact;
            this.mayHaveLeftover = mayHaveLeftover;
            this.renewedAt = renewedAt;
        }

        UUID writer() {
            return writer;
        }

        @Override
        public Artifact artifact() {
            return artifact;
        }

        @Override
        public boolean mayHaveLeftover() {
            return mayHaveLeftover;
        }

        @Override
        public boolean held() {
            // Counted from before the last renewal was sent, so this side gives up no later than the database does.
            return !lost && !ended && System.nanoTime() - renewedAt < lease.toNanos();
        }

        @Override
        public Optional<Artifact> markStored(long size, Checksum checksum, String tag) {
            Optional<Artifact> stored = recordStored(writer, artifact, size, checksum, tag);
            ended = true;
            open.remove(writer);
            return stored;
        }

        @Override
        public Optional<Recorded> markStoredMovingRun(long size, Checksum checksum, String tag, RunId run,
                Set<RunStatus> expected, RunStatus target) {
            Optional<Recorded> recorded = recordStoredMovingRun(writer, artifact, size, checksum, tag, run, expected,
                    target);
            ended = true;
            open.remove(writer);
            return recorded;
        }

        @Override
        public void close() {
            if (!open.containsKey(writer)) {
                return;
            }
            ended = true;
            open.remove(writer);
            try {
                connections.executeWrite(status -> Jdbc.update(status.getConnection(),
                        "UPDATE artifacts SET writer = NULL, writer_until = NULL WHERE id = ? AND writer = ?",
                        artifact.id().value(), writer));
            } catch (RuntimeException e) {
                // The lease lapses on its own; the next writer takes over then.
                LOG.warn("could not release the write claim on artifact {}: {}", artifact.id(), e.getMessage());
            }
        }
    }
}
