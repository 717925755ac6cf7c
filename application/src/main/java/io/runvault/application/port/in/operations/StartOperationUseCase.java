package io.runvault.application.port.in.operations;

import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationKind;
import io.runvault.domain.Principal;

/**
 * Use case: start an admin operation (archive, restore, purge, verify) on a job in the background, or resume the job's
 * unfinished one of the same kind, returning the same operation.
 */
public interface StartOperationUseCase {
    Operation start(OperationKind kind, JobId job, Principal requestedBy);
}
