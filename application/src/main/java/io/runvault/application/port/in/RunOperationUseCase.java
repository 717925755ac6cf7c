package io.runvault.application.port.in;

import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;

/** Use case: carry a RUNNING operation as far as it goes (to SUCCEEDED, or FAILED with reasons); safe to repeat. */
public interface RunOperationUseCase {
    Operation run(OperationId id);
}
