package io.runvault.application.port.in.runs;

import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.RunConfig;
import java.util.List;
import java.util.Objects;

/** Command: the job and the configurations of the runs to add to it. */
public record SubmitRunsCommand(Principal principal, JobId jobId, List<RunConfig> configs) {
    public static final int MAX_RUNS = 1000;

    public SubmitRunsCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(jobId, "jobId");
        if (configs == null || configs.isEmpty()) {
            throw new InvalidValue("runs", "must hold at least one run");
        }
        if (configs.size() > MAX_RUNS) {
            throw new InvalidValue("runs", "must hold at most " + MAX_RUNS + " runs");
        }
        configs = List.copyOf(configs);
    }
}
