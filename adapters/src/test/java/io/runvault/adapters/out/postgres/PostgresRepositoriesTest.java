package io.runvault.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionOperations;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.application.TokenSecrets;
import io.runvault.application.contract.ArtifactRepositoryContract;
import io.runvault.application.contract.AuditLogContract;
import io.runvault.application.contract.JobRepositoryContract;
import io.runvault.application.contract.MoveRecordsContract;
import io.runvault.application.contract.OperationRepositoryContract;
import io.runvault.application.contract.RunRepositoryContract;
import io.runvault.application.contract.TokenRepositoryContract;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.IdempotencyStore;
import io.runvault.application.port.out.IdempotencyStore.Claim;
import io.runvault.application.port.out.IdempotencyStore.StoredResponse;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.MoveSteps;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.RunsWithJobs;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.application.port.out.UnitOfWork;
import io.runvault.domain.ApiToken;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import io.runvault.domain.Owner;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.Tags;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Postgres adapters against a real, freshly migrated database. */
class PostgresRepositoriesTest {
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(TestPostgres.freshDatabase().properties());
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Nested
    class Audit extends AuditLogContract {
        @Override
        protected AuditLog audit() {
            return context.getBean(PostgresAuditLog.class);
        }
    }

    @Test
    void theDataRepositoriesWriteInTheAdaptersTransaction() {
        var audit = context.getBean(PostgresAuditLog.class);
        TransactionOperations<Connection> tx = context.getBean(Argument.of(TransactionOperations.class,
                Connection.class));
        long before = audit.list(PageRequest.first(1)).items().stream().mapToLong(AuditEntry::id).max().orElse(0);

        assertThrows(IllegalStateException.class, () -> tx.executeWrite(status -> {
            audit.append(new AuditEntry.New(new Owner("admin"), "rolled back", null, "never"));
            throw new IllegalStateException("roll back");
        }));

        assertTrue(audit.list(PageRequest.first(10)).items().stream().noneMatch(entry -> entry.id() > before),
                "rolled back with the transaction it joined");
    }

    @Nested
    class Operations extends OperationRepositoryContract {
        @Override
        protected OperationRepository operations() {
            return context.getBean(PostgresOperationRepository.class);
        }
    }

    @Nested
    class Jobs extends JobRepositoryContract {
        @Override
        protected JobRepository jobs() {
            return context.getBean(PostgresJobRepository.class);
        }
    }

    @Nested
    class Runs extends RunRepositoryContract {
        @Override
        protected JobRepository jobs() {
            return context.getBean(PostgresJobRepository.class);
        }

        @Override
        protected RunRepository runs() {
            return context.getBean(PostgresRunRepository.class);
        }

        @Override
        protected RunsWithJobs runsWithJobs() {
            return context.getBean(PostgresRunRepository.class);
        }
    }

    @Nested
    class Moves extends MoveRecordsContract {
        @Override
        protected JobRepository jobs() {
            return context.getBean(PostgresJobRepository.class);
        }

        @Override
        protected RunRepository runs() {
            return context.getBean(PostgresRunRepository.class);
        }

        @Override
        protected ArtifactRepository artifacts() {
            return context.getBean(PostgresArtifactRepository.class);
        }

        @Override
        protected OperationRepository operations() {
            return context.getBean(PostgresOperationRepository.class);
        }

        @Override
        protected MoveRecords records() {
            return context.getBean(PostgresMoveRecords.class);
        }

        @Override
        protected MoveSteps steps() {
            return context.getBean(PostgresMoveSteps.class);
        }
    }

    @Nested
    class Artifacts extends ArtifactRepositoryContract {
        @Override
        protected JobRepository jobs() {
            return context.getBean(PostgresJobRepository.class);
        }

        @Override
        protected RunRepository runs() {
            return context.getBean(PostgresRunRepository.class);
        }

        @Override
        protected ArtifactRepository artifacts() {
            return context.getBean(PostgresArtifactRepository.class);
        }
    }

    @Nested
    class Tokens extends TokenRepositoryContract {
        @Override
        protected TokenRepository tokens() {
            return context.getBean(PostgresTokenRepository.class);
        }

        @Override
        protected JobRepository jobs() {
            return context.getBean(PostgresJobRepository.class);
        }
    }

    @Test
    void concurrentBatchesOfOneJobGetAGapFreeSeq() throws Exception {
        var jobs = context.getBean(PostgresJobRepository.class);
        var runs = context.getBean(PostgresRunRepository.class);
        Job job = jobs.insert(new NewJob(new Owner("seq"), Tags.none(), Instant.now()));
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> batches = new ArrayList<>();
            for (int b = 0; b < 20; b++) {
                batches.add(pool.submit(() -> runs.insertAll(job.id(),
                        List.of(new RunConfig("{}"), new RunConfig("{}"), new RunConfig("{}")), Instant.now())
                        .forEach(run -> seqs.add(run.seq()))));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        }
        assertEquals(IntStream.rangeClosed(1, 60).mapToObj(i -> (long) i).toList(), seqs.stream().sorted().toList());
    }

    @Test
    void configJsonSurvivesTheRoundTrip() {
        var jobs = context.getBean(PostgresJobRepository.class);
        var runs = context.getBean(PostgresRunRepository.class);
        Job job = jobs.insert(new NewJob(new Owner("json"), Tags.none(), Instant.now()));
        Run run = runs.insertAll(job.id(), List.of(new RunConfig("{\"nested\":{\"a\":[1,2,\"é\"]}}")), Instant.now())
                .getFirst();
        assertEquals("{\"nested\":{\"a\":[1,2,\"é\"]}}", runs.findById(run.id()).orElseThrow().config().json()
                .replace(" ", ""));
    }

    @Test
    void aBatchThatFailsLeavesNoGapInTheSequence() {
        var jobs = context.getBean(PostgresJobRepository.class);
        var runs = context.getBean(PostgresRunRepository.class);
        Job job = jobs.insert(new NewJob(new Owner("gap"), Tags.none(), Instant.now()));
        // The domain only checks the braces; Postgres refuses the second config as JSON, so the whole batch fails.
        assertThrows(RuntimeException.class, () -> runs.insertAll(job.id(),
                List.of(new RunConfig("{}"), new RunConfig("{not json}")), Instant.now()));
        assertEquals(List.of(1L), runs.insertAll(job.id(), List.of(new RunConfig("{}")), Instant.now()).stream()
                .map(Run::seq).toList());
    }

    @Test
    void whatAKeyedRequestCreatedIsRolledBackWhenItFails() {
        var jobs = context.getBean(PostgresJobRepository.class);
        List<Job> created = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> keyed("scope", "key-1", "hash", () -> {
            created.add(jobs.insert(new NewJob(new Owner("idem"), Tags.none(), Instant.now())));
            throw new IllegalStateException("the response could not be built");
        }));
        assertTrue(jobs.findById(created.getFirst().id()).isEmpty());
        var response = new StoredResponse(201, "{}", "/there");
        assertEquals(new Claim.Granted(), keyed("scope", "key-1", "hash", () -> response), "the key went with it");
        assertEquals(new Claim.Replayed(response), keyed("scope", "key-1", "hash", () -> null));
    }

    @Test
    void aKeyIsRememberedWithinTheRetentionAndFreeAgainAfterIt() {
        var first = new StoredResponse(201, "{\"id\":1}", "/first");
        var second = new StoredResponse(201, "{\"id\":2}", "/second");
        assertEquals(new Claim.Granted(), keyed("retention", "k", "hash-1", () -> first));
        age("retention", "k", Duration.ofHours(23));
        assertEquals(new Claim.Replayed(first), keyed("retention", "k", "hash-1", () -> second));
        assertEquals(new Claim.Mismatch(), keyed("retention", "k", "hash-2", () -> second));

        age("retention", "k", Duration.ofHours(25));
        assertEquals(new Claim.Granted(), keyed("retention", "k", "hash-2", () -> second),
                "older than the 24 h retention: the key is taken over by the new request");
        assertEquals(new Claim.Replayed(second), keyed("retention", "k", "hash-2", () -> first),
                "and remembered afresh");
    }

    @Test
    void aKeyIsClaimedOnlyWithinTheUnitOfWorkOfItsRequest() {
        var store = context.getBean(IdempotencyStore.class);
        assertThrows(RuntimeException.class, () -> store.claim("alone", "k", "h"),
                "a claim committed on its own would outlive a request that failed");
        assertEquals(new Claim.Granted(), keyed("alone", "k", "h", () -> new StoredResponse(201, "{}", "/k")),
                "nothing was left behind");
    }

    @Test
    void thePurgeForgetsOnlyExpiredKeys() {
        var store = context.getBean(IdempotencyStore.class);
        int keys = PostgresIdempotencyStore.PURGE_BATCH + 7;
        // More than one batch of expired keys, written directly: through the store they would take a transaction each.
        update("INSERT INTO idempotency_keys (scope, key, request_hash, created_at) "
                + "SELECT 'purge', 'old-' || i, 'h', now() - interval '2 days' FROM generate_series(1, ?) AS i", keys);
        var live = new StoredResponse(201, "{}", "/live");
        keyed("purge", "live", "h", () -> live);

        assertTrue(store.purgeExpired() >= keys, "every expired key, across batches");
        assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE created_at < now() - interval '24 hours'"));
        assertEquals(new Claim.Replayed(live), keyed("purge", "live", "h", () -> null));
    }

    /** A keyed request as the REST adapter runs it: claim, act and remember in one unit of work. */
    static Claim keyed(ApplicationContext context, String scope, String key, String hash,
            Supplier<StoredResponse> action) {
        var store = context.getBean(IdempotencyStore.class);
        return context.getBean(UnitOfWork.class).inOneTransaction(() -> {
            Claim claim = store.claim(scope, key, hash);
            if (claim instanceof Claim.Granted) {
                store.remember(scope, key, action.get());
            }
            return claim;
        });
    }

    private static Claim keyed(String scope, String key, String hash, Supplier<StoredResponse> action) {
        return keyed(context, scope, key, hash, action);
    }

    private static void age(String scope, String key, Duration age) {
        update("UPDATE idempotency_keys SET created_at = now() - make_interval(secs => ?) WHERE scope = ? AND key = ?",
                (double) age.toSeconds(), scope, key);
    }

    private static void update(String sql, Object... params) {
        transactions().executeWrite(status -> Jdbc.update(status.getConnection(), sql, params));
    }

    private static long count(String sql) {
        return transactions().executeRead(status -> Jdbc.queryOne(status.getConnection(), sql, rs -> rs.getLong(1))
                .orElseThrow());
    }

    @SuppressWarnings("unchecked")
    private static TransactionOperations<Connection> transactions() {
        return context.getBean(Argument.of(TransactionOperations.class, Connection.class));
    }

    @Test
    void anotherServersRevocationIsSeenWithinTheCacheTtl() {
        AtomicLong nanos = new AtomicLong();
        var here = tokenRepository(new TokenCache(Duration.ofSeconds(10), 100, nanos::get));
        var elsewhere = tokenRepository(new TokenCache(Duration.ofSeconds(10), 100, nanos::get));
        var uncached = tokenRepository(TokenCache.of(Duration.ZERO));
        String secret = TokenSecrets.generate();
        ApiToken token = here.insert("ttl", Principal.client("ttl"), TokenSecrets.prefix(secret),
                TokenSecrets.hash(secret), Instant.now(), null);
        assertTrue(here.findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent());

        assertTrue(elsewhere.revoke(token.id(), Instant.now()));
        assertFalse(elsewhere.findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent());
        assertFalse(uncached.findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent());
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertTrue(here.findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent(), "cached within the TTL");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(here.findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent(), "expired after the TTL");
    }

    @Test
    void aTokenLookedUpIsKnownWithoutAQueryUntilTheTtlEndsOrItIsRevoked() {
        AtomicLong nanos = new AtomicLong();
        var repository = tokenRepository(new TokenCache(Duration.ofSeconds(10), 100, nanos::get));
        String secret = TokenSecrets.generate();
        String hash = TokenSecrets.hash(secret);
        ApiToken token = repository.insert("known", Principal.client("known"), TokenSecrets.prefix(secret), hash,
                Instant.now(), null);
        assertTrue(repository.findActiveBySecretHashInMemory(hash).isEmpty(), "not looked up yet");

        assertEquals(token, repository.findActiveBySecretHash(hash).orElseThrow());
        assertEquals(token, repository.findActiveBySecretHashInMemory(hash).orElseThrow());
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(repository.findActiveBySecretHashInMemory(hash).isEmpty(), "forgotten after the TTL");

        assertTrue(repository.findActiveBySecretHash(hash).isPresent());
        assertTrue(repository.revoke(token.id(), Instant.now()));
        assertTrue(repository.findActiveBySecretHashInMemory(hash).isEmpty(), "forgotten once revoked");
    }

    @Test
    void aFullTokenCacheStillAnswersRight() {
        AtomicLong nanos = new AtomicLong();
        var repository = tokenRepository(new TokenCache(Duration.ofSeconds(10), 2, nanos::get));
        List<String> secrets = IntStream.range(0, 5).mapToObj(i -> TokenSecrets.generate()).toList();
        List<ApiToken> tokens = secrets.stream().map(secret -> repository.insert("full", Principal.client("full"),
                TokenSecrets.prefix(secret), TokenSecrets.hash(secret), Instant.now(), null)).toList();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < secrets.size(); i++) {
                assertEquals(tokens.get(i).id(), repository.findActiveBySecretHash(TokenSecrets.hash(secrets.get(i)))
                        .orElseThrow().id());
            }
        }
    }

    private static PostgresTokenRepository tokenRepository(TokenCache cache) {
        return new PostgresTokenRepository(
                context.getBean(Argument.of(TransactionOperations.class, Connection.class)),
                context.getBean(Argument.of(ConnectionOperations.class, Connection.class)),
                context.getBean(TokenRows.class), cache);
    }
}
