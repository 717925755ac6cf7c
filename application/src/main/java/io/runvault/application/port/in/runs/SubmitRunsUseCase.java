package io.runvault.application.port.in.runs;

import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import java.util.List;

/** Use case: add a batch of runs to a job, all or nothing, numbered by the job's run sequence. */
public interface SubmitRunsUseCase {
    List<Run> submit(SubmitRunsCommand command);

    /**
     * Refuses a caller that may not see the job or add runs to it, without adding any (checked before a repeat is
     * replayed; whether the job still takes runs is not, as the first answer stands).
     */
    void checkAllowed(Principal principal, JobId job);
}
