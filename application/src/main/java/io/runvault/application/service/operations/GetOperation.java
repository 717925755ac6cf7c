package io.runvault.application.service.operations;

import io.runvault.application.AccessPolicy;
import io.runvault.application.OperationNotFound;
import io.runvault.application.port.in.operations.GetOperationUseCase;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;

/** Use case: read an admin operation's progress. */
public final class GetOperation implements GetOperationUseCase {
    private final OperationRepository operations;
    private final AccessPolicy policy;

    public GetOperation(OperationRepository operations, AccessPolicy policy) {
        this.operations = operations;
        this.policy = policy;
    }

    @Override
    public Operation get(Principal principal, OperationId id) {
        policy.require(principal, "read an operation", Role.ADMIN);
        return operations.findById(id).orElseThrow(() -> new OperationNotFound(id));
    }
}
