package io.runvault.application;

import io.runvault.domain.Fence;

/**
 * A runner's write found its claim on the operation gone (lapsed, taken over, or the operation ended): the runner
 * stops at once and leaves the operation to whoever holds it now. Never reported to a caller.
 */
public final class ClaimLost extends RuntimeException {
    public ClaimLost(Fence fence, String when) {
        super("operation " + fence.operation() + " is no longer claimed by " + fence.runner().value() + " (" + when
                + ")");
    }
}
