package io.runvault.application.port.in.jobs;

import io.runvault.domain.Job;
import io.runvault.domain.Principal;

/** Use case: create a job; its id and createdAt (and so its storage prefix) are fixed here for good. */
public interface CreateJobUseCase {
    Job create(CreateJobCommand command);

    /** Refuses a caller that may not create jobs, without creating one (checked before a repeat is replayed). */
    void checkAllowed(Principal principal);
}
