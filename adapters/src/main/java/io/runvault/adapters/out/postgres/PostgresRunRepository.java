package io.runvault.adapters.out.postgres;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.JobClosed;
import io.runvault.application.JobNotFound;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.RunsWithJobs;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Owner;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import io.runvault.domain.RunTally;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adapter: runs in Postgres, numbered per job from the job row's counter. Reads and submissions are one statement,
 * run in autocommit or on the caller's transaction; a status change is one transaction with the job's status, which
 * follows its runs as {@link JobStatus#afterRuns} rules. Every writer of a job and its runs locks the job's row first
 * (then the runs), so they queue up per job and never deadlock.
 */
/*
 * Written out rather than through Micronaut Data: submissions bump the job's seq counter and insert the runs in one
 * statement, and status changes lock the job's row, then the runs, in that order.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresRunRepository implements RunRepository, RunsWithJobs {
    /** The statuses a job takes runs in, from the domain's rule. */
    private static final String[] OPEN = Arrays.stream(JobStatus.values()).filter(JobStatus::acceptsRuns)
            .map(Enum::name).toArray(String[]::new);
    /** Written out (not a parameter) so that the planner matches it with the partial index of unfinished runs. */
    private static final String UNFINISHED_CONDITION = statusIn(Arrays.stream(RunStatus.values())
            .filter(s -> !s.isFinal()).collect(Collectors.toUnmodifiableSet()));

    private static final String INSERT = insert("");
    private static final String INSERT_OWNED = insert("AND owner = ? ");
    /** The job's columns under the names {@link JobRow#read} reads, beside a run's under names of their own. */
    private static final String JOB_COLUMNS = "jobs.id, jobs.owner, jobs.tags, jobs.status, jobs.created_at";
    private static final String RUN_OF_JOB_COLUMNS = "runs.id AS run_id, runs.seq AS run_seq, "
            + "runs.config::text AS run_config, runs.status AS run_status, runs.created_at AS run_created_at";

    private final TransactionOperations<Connection> tx;
    private final ConnectionOperations<Connection> connections;

    public PostgresRunRepository(TransactionOperations<Connection> tx, ConnectionOperations<Connection> connections) {
        this.tx = tx;
        this.connections = connections;
    }

    @Override
    public List<Run> insertAll(JobId job, List<RunConfig> configs, Instant createdAt) {
        return connections.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            Optional<List<Run>> runs = insert(connection, job, null, configs, createdAt);
            if (runs.isEmpty()) {
                Job found = Jdbc.queryOne(connection, "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE id = ?",
                        JobRow::read, job.value()).map(JobRow::toDomain).orElseThrow(() -> new JobNotFound(job));
                throw new JobClosed(found);
            }
            return runs.get();
        }));
    }

    @Override
    public Optional<List<Run>> insertAllIfOpen(JobId job, Owner owner, List<RunConfig> configs, Instant createdAt) {
        return connections.executeWrite(status -> Jdbc.unchecked(() ->
                insert(status.getConnection(), job, owner, configs, createdAt)));
    }

    /** The runs stored, or none when the job is not open (or not {@code owner}'s, when one is given). */
    private static Optional<List<Run>> insert(Connection connection, JobId job, Owner owner, List<RunConfig> configs,
            Instant createdAt) throws SQLException {
        // The column keeps microseconds: the runs returned carry the instant as it is stored.
        Instant stored = createdAt.truncatedTo(ChronoUnit.MICROS);
        // One statement: bumping the counter row-locks the job until the statement commits, so concurrent
        // batches of one job queue up, seq order is commit order, no reader ever sees seq n+1 without seq n,
        // and a batch that fails takes its numbers back with it (no gap).
        // Only an open job takes the numbers: a job that ended since the caller read it takes no runs.
        // Only ids and seqs come back: the rest is what was sent, so a batch's configs cross the wire once.
        List<Object> params = new ArrayList<>(List.of(configs.size(), job.value(),
                connection.createArrayOf("text", OPEN)));
        if (owner != null) {
            params.add(owner.value());
        }
        params.addAll(List.of(configs.size(), RunStatus.PENDING.name(), stored,
                connection.createArrayOf("text", configs.stream().map(RunConfig::json).toArray(String[]::new))));
        List<long[]> inserted = new ArrayList<>(Jdbc.query(connection, owner == null ? INSERT : INSERT_OWNED,
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}, params.toArray()));
        if (inserted.isEmpty()) {
            return Optional.empty();
        }
        inserted.sort(Comparator.comparingLong(row -> row[1]));
        long first = inserted.getFirst()[1];
        List<Run> runs = new ArrayList<>(inserted.size());
        for (long[] row : inserted) {
            runs.add(new Run(new RunId(row[0]), job, row[1], configs.get((int) (row[1] - first)),
                    RunStatus.PENDING, stored));
        }
        return Optional.of(runs);
    }

    /** A batch's one statement, the job's row taken only when open and {@code ownerCondition} holds. */
    private static String insert(String ownerCondition) {
        return "WITH job AS (UPDATE jobs SET last_run_seq = last_run_seq + ? WHERE id = ? "
                + "AND status = ANY(?::text[]) " + ownerCondition + "RETURNING id, last_run_seq) "
                + "INSERT INTO runs (job_id, seq, config, status, created_at) "
                + "SELECT job.id, job.last_run_seq - ? + s.ord, s.config::jsonb, ?, ? "
                + "FROM job, unnest(?::text[]) WITH ORDINALITY AS s (config, ord) ORDER BY s.ord "
                + "RETURNING id, seq";
    }

    @Override
    public Optional<Run> findById(RunId id) {
        return connections.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                "SELECT " + RunRow.COLUMNS + " FROM runs WHERE id = ?", RunRow::read, id.value())
                .map(RunRow::toDomain));
    }

    @Override
    public Optional<JobWithRun> find(JobId job, RunId run) {
        return connections.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                "SELECT " + JOB_COLUMNS + ", " + RUN_OF_JOB_COLUMNS + " FROM jobs "
                        + "LEFT JOIN runs ON runs.id = ? AND runs.job_id = jobs.id WHERE jobs.id = ?",
                rs -> new JobWithRun(JobRow.read(rs).toDomain(), rs.getObject("run_id") == null ? Optional.empty()
                        : Optional.of(new RunRow(rs.getLong("run_id"), rs.getLong("id"), rs.getLong("run_seq"),
                                rs.getString("run_config"), rs.getString("run_status"),
                                rs.getObject("run_created_at", OffsetDateTime.class)).toDomain())),
                run.value(), job.value()));
    }

    @Override
    public Page<Run> listByJob(JobId job, PageRequest page) {
        List<Run> runs = connections.executeRead(status -> Jdbc.query(status.getConnection(),
                "SELECT " + RunRow.COLUMNS + " FROM runs WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                RunRow::read, job.value(), page.after() == null ? 0L : page.after(), page.limit() + 1))
                .stream().map(RunRow::toDomain).toList();
        return Page.of(runs, page.limit(), Run::seq);
    }

    @Override
    public boolean updateStatus(RunId id, RunStatus expected, RunStatus target) {
        return updateStatus(id, Set.of(expected), target);
    }

    /**
     * The one statement that changes a run's status; its job follows in the same transaction. Only a move of the job
     * locks the job's row (after the run's, the order every writer keeps), so a burst of runs ending in one job does
     * not queue on that row. The same statement reads the job's status and whether another run of it is unfinished
     * (an index of unfinished runs answers that), so the job's runs are counted only when the job may move: while a
     * run is unfinished a RUNNING job stays as it is. Two last runs ending at once may each see the other unfinished:
     * whichever looks again after its commit sees both, so the job is moved then at the latest.
     */
    @Override
    public boolean updateStatus(RunId id, Set<RunStatus> expected, RunStatus target) {
        String[] from = expected.stream().map(Enum::name).toArray(String[]::new);
        // One connection for the transaction and the look after its commit.
        return connections.executeWrite(outer -> {
            Optional<Moved> moved = tx.executeWrite(status -> Jdbc.unchecked(() -> {
                Connection connection = status.getConnection();
                // The outer query sees the run as it was before this statement's update, hence "another run".
                Optional<Moved> run = Jdbc.queryOne(connection,
                        "WITH moved AS (UPDATE runs SET status = ? WHERE id = ? AND status = ANY(?::text[]) "
                                + "RETURNING id, job_id) "
                                + "SELECT moved.job_id, jobs.status, EXISTS (SELECT 1 FROM runs WHERE runs.job_id = "
                                + "moved.job_id AND runs.id <> moved.id AND " + UNFINISHED_CONDITION + ") AS others "
                                + "FROM moved JOIN jobs ON jobs.id = moved.job_id",
                        rs -> new Moved(new JobId(rs.getLong(1)), JobStatus.valueOf(rs.getString(2)),
                                rs.getBoolean(3)),
                        target.name(), id.value(), connection.createArrayOf("text", from));
                return run.map(m -> m.followed(m.mayMoveJob(target) ? followRuns(connection, m.job()) : null));
            }));
            if (moved.isEmpty()) {
                return false;
            }
            if (moved.get().needsSecondLook(target)) {
                lookAgain(outer.getConnection(), moved.get().job());
            }
            return true;
        });
    }

    /**
     * The look after a run's move has committed: the job follows its runs when none is unfinished any more (or it
     * follows unfinished ones). Whoever moves a run without its job (see
     * {@link #updateStatus(RunId, Set, RunStatus)}) makes it, on a connection in autocommit.
     */
    static void lookAgain(Connection connection, JobId job) {
        boolean follow = Jdbc.queryOne(connection, "SELECT status, EXISTS (SELECT 1 FROM runs WHERE job_id = "
                + "jobs.id AND " + UNFINISHED_CONDITION + ") FROM jobs WHERE id = ?",
                rs -> !rs.getBoolean(2) || JobStatus.valueOf(rs.getString(1)).followsUnfinishedRuns(),
                job.value()).orElse(false);
        if (follow) {
            followRuns(connection, job);
        }
    }

    /**
     * The statuses of a job that stays as it is when one of its runs moves while another is unfinished, as
     * {@link JobStatus#followsUnfinishedRuns} rules: such a move needs no more than the run's own write.
     */
    static Set<JobStatus> jobStaysWhileRunsUnfinished() {
        return Arrays.stream(JobStatus.values()).filter(s -> !s.followsUnfinishedRuns())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * {@code status IN (...)} with the statuses written out, in their declared order: for the statements of this
     * package whose statuses come from the code, never from a request, so that the planner sees them. No statuses
     * give {@code status IN (NULL)}, which matches no row, as an empty array did.
     */
    static <E extends Enum<E>> String statusIn(Set<E> statuses) {
        if (statuses.isEmpty()) {
            return "status IN (NULL)";
        }
        return statuses.stream().sorted().map(s -> "'" + s.name() + "'")
                .collect(Collectors.joining(", ", "status IN (", ")"));
    }

    /** {@link #UNFINISHED_CONDITION}, for the statements of other adapters of this package. */
    static String unfinishedCondition() {
        return UNFINISHED_CONDITION;
    }

    /** Whether a run moved to {@code target} in a job of {@code jobStatus} calls for {@link #lookAgain}. */
    static boolean needsLookAgain(JobStatus jobStatus, RunStatus target) {
        return new Moved(null, jobStatus, true).needsSecondLook(target);
    }

    /**
     * A run just moved, its job's status as the same statement read it, whether another run of the job was
     * unfinished then, and, when the job was followed, whether it has nowhere further to go (null: not followed).
     */
    private record Moved(JobId job, JobStatus jobStatus, boolean othersUnfinished, Boolean settled) {
        Moved(JobId job, JobStatus jobStatus, boolean othersUnfinished) {
            this(job, jobStatus, othersUnfinished, null);
        }

        Moved followed(Boolean settled) {
            return new Moved(job, jobStatus, othersUnfinished, settled);
        }

        /** As {@link JobStatus#followsUnfinishedRuns} rules: with a run unfinished, only a job not yet RUNNING. */
        boolean mayMoveJob(RunStatus target) {
            boolean unfinishedRemain = othersUnfinished || !target.isFinal();
            return !unfinishedRemain || jobStatus.followsUnfinishedRuns();
        }

        /**
         * Whether to look again after the commit: the job was followed and may have further to go (its
         * compare-and-set lost to a concurrent move), or this run ended while others looked unfinished and their
         * writers may each have seen this one unfinished too. A run taken up in a RUNNING job ends nothing.
         */
        boolean needsSecondLook(RunStatus target) {
            return settled != null ? !settled : target.isFinal() && jobStatus.acceptsRuns();
        }
    }

    @Override
    public boolean cancelJob(JobId id, JobStatus expected) {
        return tx.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            // Runs before the job, as a run's status change locks them, so the two never wait on each other.
            Jdbc.query(connection, "SELECT id FROM runs WHERE job_id = ? AND " + UNFINISHED_CONDITION + " ORDER BY id "
                    + "FOR UPDATE", rs -> rs.getLong(1), id.value());
            if (Jdbc.update(connection, "UPDATE jobs SET status = ? WHERE id = ? AND status = ?",
                    JobStatus.CANCELLED.name(), id.value(), expected.name()) != 1) {
                return false;
            }
            Jdbc.update(connection, "UPDATE runs SET status = ? WHERE job_id = ? AND " + UNFINISHED_CONDITION,
                    RunStatus.CANCELLED.name(), id.value());
            return true;
        }));
    }

    /**
     * Moves the job to where its runs, as this statement sees them, put it (a compare-and-set on its status); true
     * when the job has nowhere further to go from its runs.
     */
    private static boolean followRuns(Connection connection, JobId id) {
        Job job = Jdbc.queryOne(connection, "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE id = ?", JobRow::read,
                id.value()).orElseThrow().toDomain();
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        Jdbc.query(connection, "SELECT status, count(*) FROM runs WHERE job_id = ? GROUP BY status",
                rs -> counts.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2)), id.value());
        RunTally tally = RunTally.of(counts);
        Job next = job.afterRuns(tally);
        if (next != job && Jdbc.update(connection, "UPDATE jobs SET status = ? WHERE id = ? AND status = ?",
                next.status().name(), id.value(), job.status().name()) != 1) {
            return false;
        }
        return next.status().isClosed();
    }

    private static JobId runJob(Connection connection, RunId run) {
        return new JobId(Jdbc.queryOne(connection, "SELECT job_id FROM runs WHERE id = ?", rs -> rs.getLong(1),
                run.value()).orElseThrow());
    }
}
