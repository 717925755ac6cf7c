package io.runvault.application.service.operations;

import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.AccessPolicy;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.JobNotFound;
import io.runvault.application.JobPurged;
import io.runvault.application.OperationInProgress;
import io.runvault.application.port.in.operations.StartOperationUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.OperationScheduler;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.util.Optional;

/**
 * Use case: start an admin operation on a job, or resume the unfinished one of the same kind (same id). Another
 * kind still running is refused; a failed one of another kind is superseded. A purge first tombstones the job
 * (PURGING), so no read or write gets through while its objects go.
 */
public final class StartOperation implements StartOperationUseCase {
    private final GetJob getJob;
    private final JobRepository jobs;
    private final OperationRepository operations;
    private final OperationScheduler scheduler;
    private final AccessPolicy policy;

    public StartOperation(GetJob getJob, JobRepository jobs, OperationRepository operations,
            OperationScheduler scheduler, AccessPolicy policy) {
        this.getJob = getJob;
        this.jobs = jobs;
        this.operations = operations;
        this.scheduler = scheduler;
        this.policy = policy;
    }

    @Override
    public Operation start(OperationKind kind, JobId id, Principal requestedBy) {
        policy.require(requestedBy, "manage a job's storage", Role.ADMIN);
        Job job = kind == OperationKind.PURGE ? purgeable(id) : getJob.get(requestedBy, id);
        Operation operation = operations.findUnfinished(id)
                .flatMap(unfinished -> resumed(unfinished, kind))
                .orElse(null);
        if (kind == OperationKind.PURGE && job.status() != JobStatus.PURGING
                && !jobs.updateStatus(id, job.status(), job.moveTo(JobStatus.PURGING).status())) {
            throw new ConcurrentChange("job " + id);
        }
        if (operation == null) {
            operation = operations.open(kind, id, requestedBy.name());
        }
        scheduler.schedule(operation.id());
        return operation;
    }

    /**
     * The same kind resumes (a failed one retries its failed steps), answered as it is once reopened; a failed other
     * kind gives way (empty).
     */
    private Optional<Operation> resumed(Operation unfinished, OperationKind kind) {
        if (unfinished.kind() == kind) {
            if (unfinished.state() != OperationState.FAILED) {
                return Optional.of(unfinished);
            }
            Operation.Transition reopen = unfinished.reopen();
            operations.reopenFailedSteps(unfinished.id());
            if (!operations.moveTo(reopen)) {
                throw new ConcurrentChange("operation " + unfinished.id());
            }
            return operations.findById(unfinished.id());
        }
        if (unfinished.state() != OperationState.FAILED) {
            throw new OperationInProgress(unfinished, kind);
        }
        operations.moveTo(unfinished.supersede());
        return Optional.empty();
    }

    /** Unlike other reads, a job already being purged is what a repeated purge expects to find. */
    private Job purgeable(JobId id) {
        return jobs.findById(id).orElseThrow(() -> jobs.isPurged(id) ? new JobPurged(id) : new JobNotFound(id));
    }
}
