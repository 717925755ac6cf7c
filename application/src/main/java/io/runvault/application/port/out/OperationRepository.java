package io.runvault.application.port.out;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: admin operations and their per-artifact steps, kept so that an operation interrupted anywhere (a
 * failed store, a restart) can be resumed and finished; at most one unfinished operation per job.
 */
public interface OperationRepository {
    /**
     * A new RUNNING operation on the job.
     *
     * @throws io.runvault.application.ConcurrentChange if the job already has an unfinished operation
     */
    Operation open(OperationKind kind, JobId job, Owner requestedBy);

    Optional<Operation> findById(OperationId id);

    /** The job's operation that is RUNNING or FAILED, if any. */
    Optional<Operation> findUnfinished(JobId job);

    /** RUNNING operations that no runner's claim covers now, oldest first: what a start or a sweep resumes. */
    List<OperationId> running();

    /**
     * Claims a RUNNING operation for {@code runner} for {@code lease}, or renews its claim: false when the operation
     * is not RUNNING or another runner's claim has not lapsed.
     */
    boolean claim(OperationId id, RunnerId runner, Duration lease);

    /** Lets go of the runner's claim, so that another runner need not wait for it to lapse. */
    void release(OperationId id, RunnerId runner);

    /** Compare-and-set of the state; {@code error} explains a FAILED one and is cleared otherwise. */
    boolean moveTo(OperationId id, OperationState expected, OperationState target, String error);

    /** Adds a step per artifact unless the operation has one for it already: planning again adds only new ones. */
    void addSteps(OperationId id, List<Artifact> artifacts);

    /** Steps not done yet, in artifact id order after {@code after} (null: from the first). */
    List<ArtifactId> openSteps(OperationId id, ArtifactId after, int limit);

    void stepDone(OperationId id, ArtifactId artifact);

    void stepFailed(OperationId id, ArtifactId artifact, String message);

    /** Failed steps become open again, their messages cleared: a resumed operation retries them. */
    void reopenFailedSteps(OperationId id);

    /** For operations that count objects rather than artifacts (purges): adds to the totals. */
    void addProgress(OperationId id, long total, long done);
}
