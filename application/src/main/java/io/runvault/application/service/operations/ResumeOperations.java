package io.runvault.application.service.operations;

import io.runvault.application.port.in.operations.ResumeOperationsUseCase;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.OperationScheduler;
import io.runvault.domain.OperationId;
import java.util.List;

/** Use case: schedule again every operation a stop or crash left RUNNING; failed ones wait for an admin to ask. */
public final class ResumeOperations implements ResumeOperationsUseCase {
    private final OperationRepository operations;
    private final OperationScheduler scheduler;

    public ResumeOperations(OperationRepository operations, OperationScheduler scheduler) {
        this.operations = operations;
        this.scheduler = scheduler;
    }

    @Override
    public int resumeAll() {
        List<OperationId> running = operations.running();
        running.forEach(scheduler::schedule);
        return running.size();
    }
}
