package io.runvault.application.service.runs;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ConcurrentChange;
import io.runvault.application.port.in.runs.ChangeRunStatusUseCase;
import io.runvault.application.port.out.RunRepository;
import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;

/** Use case: move a run to a new status through a compare-and-set, so two racing moves cannot both win. */
public final class ChangeRunStatus implements ChangeRunStatusUseCase {
    private static final int ATTEMPTS = 3;
    private final GetRun getRun;
    private final RunRepository runs;
    private final AccessPolicy policy;

    public ChangeRunStatus(GetRun getRun, RunRepository runs, AccessPolicy policy) {
        this.getRun = getRun;
        this.runs = runs;
        this.policy = policy;
    }

    @Override
    public Run change(Principal principal, RunId id, RunStatus target) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Run run = getRun.get(principal, id);
            policy.requireRun(principal, id, "change the status");
            if (run.status() == target) {
                return run;
            }
            Run moved = run.moveTo(target);
            if (runs.updateStatus(id, run.status(), target)) {
                return moved;
            }
        }
        throw new ConcurrentChange("run " + id);
    }
}
