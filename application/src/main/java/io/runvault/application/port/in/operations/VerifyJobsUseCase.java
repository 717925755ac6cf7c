package io.runvault.application.port.in.operations;

import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;

/** Use case: start (or resume) a verify operation on each job of one page of all jobs, newest first. */
public interface VerifyJobsUseCase {
    /** One job of the page: its verify operation, or why none was started (another operation holds the job). */
    record Started(JobId job, Operation operation, String refused) {
    }

    Page<Started> verify(Principal requestedBy, PageRequest page);
}
