package io.runvault.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.runvault.adapters.testing.TestPostgres;
import io.runvault.application.contract.ArtifactRepositoryContract;
import io.runvault.application.contract.JobRepositoryContract;
import io.runvault.application.contract.OperationRepositoryContract;
import io.runvault.application.contract.RunRepositoryContract;
import io.runvault.application.contract.TokenRepositoryContract;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import io.runvault.domain.Owner;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
}
