package io.runvault.application.service;

import io.runvault.application.OperationNotFound;
import io.runvault.application.port.in.GetOperationUseCase;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;

/** Use case: read an admin operation's progress. */
public final class GetOperation implements GetOperationUseCase {
    private final OperationRepository operations;

    public GetOperation(OperationRepository operations) {
        this.operations = operations;
    }

    @Override
    public Operation get(OperationId id) {
        return operations.findById(id).orElseThrow(() -> new OperationNotFound(id));
    }
}
