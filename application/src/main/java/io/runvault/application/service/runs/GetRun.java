package io.runvault.application.service.runs;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.RunNotFound;
import io.runvault.application.port.in.runs.GetRunUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;

/** Use case: read one run of a job the caller may see; asked through another job, the run does not exist. */
public final class GetRun implements GetRunUseCase {
    private final GetJob getJob;
    private final JobRepository jobs;
    private final RunRepository runs;
    private final AccessPolicy policy;

    public GetRun(GetJob getJob, JobRepository jobs, RunRepository runs, AccessPolicy policy) {
        this.getJob = getJob;
        this.jobs = jobs;
        this.runs = runs;
        this.policy = policy;
    }

    @Override
    public Run get(Principal principal, RunId id) {
        return runs.findById(id)
                .filter(run -> policy.seesRun(principal, run.id()))
                .filter(run -> jobs.findById(run.jobId()).filter(job -> policy.sees(principal, job)).isPresent())
                .orElseThrow(() -> new RunNotFound(id));
    }

    @Override
    public Run get(Principal principal, JobId job, RunId id) {
        getJob.get(principal, job);
        return runs.findById(id).filter(run -> run.belongsTo(job) && policy.seesRun(principal, run.id()))
                .orElseThrow(() -> new RunNotFound(id, job));
    }
}
