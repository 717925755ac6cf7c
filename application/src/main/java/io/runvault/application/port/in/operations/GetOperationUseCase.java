package io.runvault.application.port.in.operations;

import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.Principal;

/** Use case: an admin operation's progress, for admins only, or OperationNotFound. */
public interface GetOperationUseCase {
    Operation get(Principal principal, OperationId id);
}
