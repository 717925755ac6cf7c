package io.runvault.application.port.in;

import io.runvault.domain.Job;

/** Use case: create a job; its id and createdAt (and so its storage prefix) are fixed here for good. */
public interface CreateJobUseCase {
    Job create(CreateJobCommand command);
}
