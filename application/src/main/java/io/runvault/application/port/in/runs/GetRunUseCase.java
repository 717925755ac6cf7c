package io.runvault.application.port.in.runs;

import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;

/** Use case: read one run, alone or as a run of a given job. */
public interface GetRunUseCase {
    Run get(Principal principal, RunId id);

    Run get(Principal principal, JobId job, RunId id);
}
