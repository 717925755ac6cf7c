package io.runvault.application.port.out;

import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Outgoing port: where runs are kept, numbered per job by a gap-free sequence that follows commit order. */
public interface RunRepository {
    /** Stores all runs or none, in the given order, with the next seq numbers of the job. */
    List<Run> insertAll(JobId job, List<RunConfig> configs, Instant createdAt);

    Optional<Run> findById(RunId id);

    /** In seq order: pages continue after the highest seq shown. */
    Page<Run> listByJob(JobId job, PageRequest page);

    /** Compare-and-set: false when the run was no longer in {@code expected}. */
    boolean updateStatus(RunId id, RunStatus expected, RunStatus target);

    /** Compare-and-set from any of {@code expected}: false when the run was in none of them. */
    boolean updateStatus(RunId id, Set<RunStatus> expected, RunStatus target);
}
