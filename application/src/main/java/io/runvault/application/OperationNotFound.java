package io.runvault.application;

import io.runvault.domain.OperationId;

/** No admin operation has that id. */
public final class OperationNotFound extends RunvaultException {
    public OperationNotFound(OperationId id) {
        super("operation " + id + " does not exist");
    }
}
