package io.runvault.application.port.in.runs;

import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;

/** Use case: list a job's runs in their sequence order. */
public interface ListRunsUseCase {
    Page<Run> list(Principal principal, JobId job, PageRequest page);
}
