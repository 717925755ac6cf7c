package io.runvault.application.port.in.jobs;

import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;

/**
 * Use case: the job's owner (or an admin) cancels it: its unfinished runs are cancelled with it, and it takes no more
 * runs or uploads. Cancelling a cancelled job again changes nothing; an ended one fails with IllegalTransition.
 */
public interface CancelJobUseCase {
    Job cancel(Principal principal, JobId id);
}
