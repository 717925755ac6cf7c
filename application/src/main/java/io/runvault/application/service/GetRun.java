package io.runvault.application.service;

import io.runvault.application.RunNotFound;
import io.runvault.application.port.in.GetRunUseCase;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.JobId;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;

/** Use case: read one run; asked through a job, a run of another job does not exist. */
public final class GetRun implements GetRunUseCase {
    private final GetJob getJob;
    private final RunRepository runs;

    public GetRun(GetJob getJob, RunRepository runs) {
        this.getJob = getJob;
        this.runs = runs;
    }

    @Override
    public Run get(RunId id) {
        return runs.findById(id).orElseThrow(() -> new RunNotFound(id));
    }

    @Override
    public Run get(JobId job, RunId id) {
        getJob.get(job);
        return runs.findById(id).filter(run -> run.belongsTo(job)).orElseThrow(() -> new RunNotFound(id, job));
    }
}
