package io.runvault.application.port.in.operations;

import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.Principal;
import java.time.Duration;

/** Use case: an admin operation's progress, for admins only, or OperationNotFound. */
public interface GetOperationUseCase {
    /** The longest a reader may wait for a RUNNING operation to end: bounded, as a proxy's idle timeout is. */
    Duration MAX_WAIT = Duration.ofSeconds(30);

    default Operation get(Principal principal, OperationId id) {
        return get(principal, id, Duration.ZERO);
    }

    /**
     * The operation as soon as it is no longer RUNNING, or as it is once {@code wait} has passed: a reader waits for
     * its end without asking again and again.
     *
     * @throws io.runvault.domain.InvalidValue if {@code wait} is negative or above {@link #MAX_WAIT}
     */
    Operation get(Principal principal, OperationId id, Duration wait);
}
