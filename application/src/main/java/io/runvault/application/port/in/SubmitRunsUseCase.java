package io.runvault.application.port.in;

import io.runvault.domain.Run;
import java.util.List;

/** Use case: add a batch of runs to a job, all or nothing, numbered by the job's run sequence. */
public interface SubmitRunsUseCase {
    List<Run> submit(SubmitRunsCommand command);
}
