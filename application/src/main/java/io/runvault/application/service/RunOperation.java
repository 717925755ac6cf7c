package io.runvault.application.service;

import io.runvault.application.OperationNotFound;
import io.runvault.application.port.in.RunOperationUseCase;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import io.runvault.domain.StorageTier;
import java.time.Duration;

/**
 * Use case: carry a RUNNING operation to its end. Every step can be repeated without harm, so running an operation
 * that an earlier attempt left half done finishes it; the outcome is written to the audit log. The runner claims the
 * operation first: where several servers share the database, one runs it and the others leave it alone until the
 * claim lapses (its runner died) or is let go.
 */
public final class RunOperation implements RunOperationUseCase {
    /** The actor audit entries name for what the server does on its own. */
    public static final Owner SYSTEM = new Owner("system");

    private final OperationRepository operations;
    private final MoveArtifacts moves;
    private final PurgeStorage purges;
    private final AuditLog audit;
    private final RunnerId runner;
    private final Duration lease;

    public RunOperation(OperationRepository operations, MoveArtifacts moves, PurgeStorage purges, AuditLog audit,
            RunnerId runner, Duration lease) {
        this.operations = operations;
        this.moves = moves;
        this.purges = purges;
        this.audit = audit;
        this.runner = runner;
        this.lease = lease;
    }

    @Override
    public Operation run(OperationId id) {
        Operation operation = find(id);
        if (operation.state() != OperationState.RUNNING || !operations.claim(id, runner, lease)) {
            return operation;
        }
        try {
            return runClaimed(operation);
        } finally {
            try {
                operations.release(id, runner);
            } catch (RuntimeException e) {
                // Not let go (the database is what failed, most likely): the claim lapses after the lease instead,
                // and what the run itself threw is what the caller needs to see.
            }
        }
    }

    @Override
    public boolean renewClaim(OperationId id) {
        return operations.claim(id, runner, lease);
    }

    private Operation runClaimed(Operation operation) {
        OperationId id = operation.id();
        String error;
        try {
            error = switch (operation.kind()) {
                case ARCHIVE -> moves.move(operation, StorageTier.ARCHIVE);
                case RESTORE -> moves.move(operation, StorageTier.PRIMARY);
                case PURGE -> purges.purge(operation);
            };
        } catch (RuntimeException e) {
            error = MoveArtifacts.describe(e);
        }
        long failed = find(id).failed();
        if (error == null && failed > 0) {
            error = failed + " step(s) failed; ask again to retry them";
        }
        OperationState end = error == null ? OperationState.SUCCEEDED : OperationState.FAILED;
        operations.moveTo(id, OperationState.RUNNING, end, error);
        audit.append(new AuditEntry.New(SYSTEM, operation.kind() + " finished", "job " + operation.job()
                + " operation " + id, error == null ? end.name() : end + ": " + error));
        return find(id);
    }

    private Operation find(OperationId id) {
        return operations.findById(id).orElseThrow(() -> new OperationNotFound(id));
    }
}
