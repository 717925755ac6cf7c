package io.runvault.application.port.out;

import io.runvault.domain.OperationId;

/** Outgoing port: runs an operation in the background, at most once at a time per operation. */
public interface OperationScheduler {
    /** Returns at once; scheduling an operation that is already running here does nothing. */
    void schedule(OperationId id);
}
