package io.runvault.application;

import io.runvault.domain.Operation;
import io.runvault.domain.OperationKind;

/** Another kind of operation is still running on the job; one at a time keeps their steps from crossing. */
public final class OperationInProgress extends RunvaultException {
    public OperationInProgress(Operation running, OperationKind requested) {
        super("job " + running.job() + " has " + running.kind() + " operation " + running.id() + " "
                + running.state() + "; " + requested + " waits until it ends");
    }
}
