package io.runvault.application.port.in.runs;

import io.runvault.domain.Principal;
import io.runvault.domain.Run;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;

/** Use case: move a run along its lifecycle; a move the lifecycle forbids fails with IllegalTransition. */
public interface ChangeRunStatusUseCase {
    Run change(Principal principal, RunId id, RunStatus target);
}
