package io.runvault.application.service.runs;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.port.in.runs.ListRunsUseCase;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;

/** Use case: list a job's runs in seq order; an unknown or invisible job is an error, not an empty list. */
public final class ListRuns implements ListRunsUseCase {
    private final GetJob getJob;
    private final RunRepository runs;
    private final AccessPolicy policy;

    public ListRuns(GetJob getJob, RunRepository runs, AccessPolicy policy) {
        this.getJob = getJob;
        this.runs = runs;
        this.policy = policy;
    }

    @Override
    public Page<Run> list(Principal principal, JobId job, PageRequest page) {
        getJob.get(principal, job);
        return runs.listByJob(job, page).filter(run -> policy.seesRun(principal, run.id()));
    }
}
