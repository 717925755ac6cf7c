package io.runvault.application.service.operations;

import io.runvault.application.AccessPolicy;
import io.runvault.application.OperationNotFound;
import io.runvault.application.port.in.operations.GetOperationUseCase;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationState;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.time.Duration;

/**
 * Use case: read an admin operation's progress, waiting for its end if asked to. The end of a run on this server
 * wakes the reader at once ({@link OperationEnds}); an operation another server runs is looked up again every
 * {@code recheck}.
 */
public final class GetOperation implements GetOperationUseCase {
    private final OperationRepository operations;
    private final AccessPolicy policy;
    private final OperationEnds ends;
    private final Duration recheck;

    public GetOperation(OperationRepository operations, AccessPolicy policy, OperationEnds ends, Duration recheck) {
        if (!recheck.isPositive()) {
            throw new IllegalArgumentException("recheck must be positive");
        }
        this.operations = operations;
        this.policy = policy;
        this.ends = ends;
        this.recheck = recheck;
    }

    @Override
    public Operation get(Principal principal, OperationId id, Duration wait) {
        policy.require(principal, "read an operation", Role.ADMIN);
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new InvalidValue("wait", "must be from PT0S to " + MAX_WAIT);
        }
        if (!wait.isPositive()) {
            return find(id);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try (OperationEnds.Waiter waiter = ends.watch(id)) {
            for (Operation operation = find(id); ; operation = find(id)) {
                long left = deadline - System.nanoTime();
                if (operation.state() != OperationState.RUNNING || left <= 0) {
                    return operation;
                }
                waiter.await(Duration.ofNanos(Math.min(left, recheck.toNanos())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return find(id);
        }
    }

    private Operation find(OperationId id) {
        return operations.findById(id).orElseThrow(() -> new OperationNotFound(id));
    }
}
