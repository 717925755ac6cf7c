package io.runvault.application.fakes;

import io.runvault.application.contract.ArtifactRepositoryContract;
import io.runvault.application.contract.AuditLogContract;
import io.runvault.application.contract.JobRepositoryContract;
import io.runvault.application.contract.MoveRecordsContract;
import io.runvault.application.contract.OperationRepositoryContract;
import io.runvault.application.contract.RunRepositoryContract;
import io.runvault.application.contract.TokenRepositoryContract;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.MoveSteps;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.RunsWithJobs;
import io.runvault.application.port.out.TokenRepository;
import org.junit.jupiter.api.Nested;

/** The fakes pass the same contracts as the real adapters, so use-case tests on them mean something. */
class InMemoryRepositoriesTest {
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryRunRepository runs = new InMemoryRunRepository(jobs);
    private final InMemoryArtifactRepository artifacts = new InMemoryArtifactRepository();
    private final InMemoryTokenRepository tokens = new InMemoryTokenRepository();
    private final InMemoryOperationRepository operations = new InMemoryOperationRepository();

    @Nested
    class Audit extends AuditLogContract {
        private final InMemoryAuditLog audit = new InMemoryAuditLog();

        @Override
        protected AuditLog audit() {
            return audit;
        }
    }

    @Nested
    class Operations extends OperationRepositoryContract {
        @Override
        protected OperationRepository operations() {
            return operations;
        }
    }

    @Nested
    class Moves extends MoveRecordsContract {
        private final InMemoryMoveRecords records = new InMemoryMoveRecords(artifacts, operations);
        private final InMemoryMoveSteps steps = new InMemoryMoveSteps(artifacts, operations);

        @Override
        protected JobRepository jobs() {
            return jobs;
        }

        @Override
        protected RunRepository runs() {
            return runs;
        }

        @Override
        protected ArtifactRepository artifacts() {
            return artifacts;
        }

        @Override
        protected OperationRepository operations() {
            return operations;
        }

        @Override
        protected MoveRecords records() {
            return records;
        }

        @Override
        protected MoveSteps steps() {
            return steps;
        }
    }

    @Nested
    class Jobs extends JobRepositoryContract {
        @Override
        protected JobRepository jobs() {
            return jobs;
        }
    }

    @Nested
    class Runs extends RunRepositoryContract {
        @Override
        protected JobRepository jobs() {
            return jobs;
        }

        @Override
        protected RunRepository runs() {
            return runs;
        }

        @Override
        protected RunsWithJobs runsWithJobs() {
            return runs;
        }
    }

    @Nested
    class Artifacts extends ArtifactRepositoryContract {
        @Override
        protected JobRepository jobs() {
            return jobs;
        }

        @Override
        protected RunRepository runs() {
            return runs;
        }

        @Override
        protected ArtifactRepository artifacts() {
            return artifacts;
        }
    }

    @Nested
    class Tokens extends TokenRepositoryContract {
        @Override
        protected TokenRepository tokens() {
            return tokens;
        }

        @Override
        protected JobRepository jobs() {
            return jobs;
        }
    }
}
