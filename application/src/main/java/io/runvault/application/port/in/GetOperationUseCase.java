package io.runvault.application.port.in;

import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;

/** Use case: an admin operation's progress, or OperationNotFound. */
public interface GetOperationUseCase {
    Operation get(OperationId id);
}
