package io.runvault.application.port.in.operations;

import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;

/** Use case: carry a RUNNING operation as far as it goes (to SUCCEEDED, or FAILED with reasons); safe to repeat. */
public interface RunOperationUseCase {
    /**
     * Runs it unless another runner holds it; the operation as it is afterwards.
     *
     * @throws io.runvault.application.ClaimLost if the claim was lost midway: the run stopped, writing nothing more
     */
    Operation run(OperationId id);

    /**
     * Extends this runner's claim on an operation it is running: false when that claim was lost. True when there is
     * nothing to renew (the operation is not running here, or not claimed yet): renewing never takes a claim.
     */
    boolean renewClaim(OperationId id);
}
