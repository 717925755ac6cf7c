package io.runvault.application.port.out;

import io.runvault.domain.Artifact;
import io.runvault.domain.Fence;
import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import io.runvault.domain.StorageKey;
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
     * Claims the operation for the fence's runner for {@code lease} (see {@link Operation#claimableBy}): false when
     * the operation is no longer RUNNING or another runner's claim has not lapsed, both checked as it is written.
     */
    boolean claim(Fence fence, Duration lease);

    /**
     * Extends a claim the runner still holds by {@code lease} from now: false when it lapsed, was taken over or the
     * operation ended. A lapsed claim is never renewed, only claimed again from the start.
     */
    boolean renew(Fence fence, Duration lease);

    /** Whether the runner still holds its claim. */
    boolean holds(Fence fence);

    /** Lets go of the runner's claim, so that another runner need not wait for it to lapse. */
    void release(OperationId id, RunnerId runner);

    /**
     * Writes a transition the operation allowed (reopening a failed operation, superseding it) if it is still in the
     * state the transition starts from: false when it no longer was. A run's own end goes through {@link #end}.
     */
    boolean moveTo(Operation.Transition transition);

    /** Ends the RUNNING operation and lets go of its claim, if the runner still holds it: false when it did not. */
    boolean end(Fence fence, Operation.Ending ending);

    /**
     * Adds a step per artifact unless the operation has one for it already: planning again adds only new ones.
     *
     * @return false, adding nothing, when the runner no longer holds the claim
     */
    boolean addSteps(Fence fence, List<Artifact> artifacts);

    /** Failed steps become open again, their messages cleared: a resumed operation retries them. */
    void reopenFailedSteps(OperationId id);

    /**
     * For operations that count objects rather than artifacts (purges): adds to the totals, if the runner still holds
     * the claim; false when it did not.
     */
    boolean addProgress(Fence fence, long total, long done);

    /**
     * Records something a check found that is no artifact's step (an object without a row), once per key, if the
     * runner still holds the claim: false when it did not. Findings are listed with the operation's failures.
     */
    boolean addFinding(Fence fence, StorageKey key, String message);
}
