package io.runvault.application.service.operations;

import io.runvault.application.ClaimLost;
import io.runvault.application.OperationNotFound;
import io.runvault.application.port.in.operations.RunOperationUseCase;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.UnitOfWork;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Fence;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Use case: carry a RUNNING operation to its end; the one place an operation's kind picks the use case that does its
 * work. Every step can be repeated without harm, so running an operation that an earlier attempt left half done
 * finishes it; the outcome is written to the audit log. The runner claims the operation first: where several servers
 * share the database, one runs it and the others leave it alone until the claim lapses (its runner died) or is let
 * go.
 */
public final class RunOperation implements RunOperationUseCase {
    /** The actor audit entries name for what the server does on its own. */
    public static final Owner SYSTEM = new Owner("system");

    private final OperationRepository operations;
    private final ArchiveJob archive;
    private final RestoreJob restore;
    private final PurgeJob purge;
    private final VerifyArtifacts verify;
    private final AuditLog audit;
    private final UnitOfWork unitOfWork;
    private final OperationEnds ends;
    private final RunnerId runner;
    private final Duration lease;
    /** The operations this runner holds a claim on, taken by {@link #run} and let go when it returns. */
    private final Set<OperationId> claimed = ConcurrentHashMap.newKeySet();

    public RunOperation(OperationRepository operations, ArchiveJob archive, RestoreJob restore, PurgeJob purge,
            VerifyArtifacts verify, AuditLog audit, UnitOfWork unitOfWork, OperationEnds ends, RunnerId runner,
            Duration lease) {
        this.operations = operations;
        this.archive = archive;
        this.restore = restore;
        this.purge = purge;
        this.verify = verify;
        this.audit = audit;
        this.unitOfWork = unitOfWork;
        this.ends = ends;
        this.runner = runner;
        this.lease = lease;
    }

    @Override
    public Operation run(OperationId id) {
        Operation operation = find(id);
        Optional<Fence> fence = operation.claimableBy(runner);
        if (fence.isEmpty() || !operations.claim(fence.get(), lease)) {
            return operation;
        }
        claimed.add(id);
        try {
            return runClaimed(operation, fence.get());
        } finally {
            claimed.remove(id);
            try {
                operations.release(id, runner);
            } catch (RuntimeException e) {
                // Not let go (the database is what failed, most likely): the claim lapses after the lease instead,
                // and what the run itself threw is what the caller needs to see.
            }
        }
    }

    /** Only a claim this runner took is renewed: an operation scheduled here but not yet claimed has none. */
    @Override
    public boolean renewClaim(OperationId id) {
        return !claimed.contains(id) || operations.renew(new Fence(id, runner), lease);
    }

    /**
     * Every write below names the claim as its fence; one that finds it gone throws {@link ClaimLost}, which ends the
     * run here with nothing more written: the operation is the new holder's to finish, end and audit.
     */
    private Operation runClaimed(Operation operation, Fence fence) {
        OperationId id = operation.id();
        WorkDone done = work(operation, fence);
        // The work's last writes, the end and its audit entry commit together, in the transaction that counts the
        // steps the operation ends on.
        unitOfWork.inOneTransaction(() -> {
            done.lastWrites().run();
            Operation.Ending end = find(id).ending(done.stoppedBecause());
            if (!operations.end(fence, end)) {
                throw new ClaimLost(fence, "ending it " + end.state());
            }
            return audit.append(new AuditEntry.New(SYSTEM, operation.kind() + " finished", "job " + operation.job()
                    + " operation " + id, end.error() == null ? end.state().name()
                    : end.state() + ": " + end.error()));
        });
        // Once audited, so a reader woken by the end finds its entry in the log as well.
        ends.ended(id);
        return find(id);
    }

    private WorkDone work(Operation operation, Fence fence) {
        try {
            return switch (operation.kind()) {
                case ARCHIVE -> archive.archive(operation, fence);
                case RESTORE -> restore.restore(operation, fence);
                case PURGE -> WorkDone.of(purge.purge(operation, fence));
                case VERIFY -> WorkDone.of(verify.verify(operation, fence));
            };
        } catch (ClaimLost e) {
            throw e;
        } catch (RuntimeException e) {
            return WorkDone.of(MoveArtifacts.describe(e));
        }
    }

    private Operation find(OperationId id) {
        return operations.findById(id).orElseThrow(() -> new OperationNotFound(id));
    }
}
