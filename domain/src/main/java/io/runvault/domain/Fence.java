package io.runvault.domain;

import java.util.Objects;

/**
 * Value object: a runner's claim on an operation used as a fencing token. Every write that records the operation's
 * progress names it and takes effect only while the runner still holds the claim, so a runner that stalled past its
 * lease and was taken over changes nothing when it wakes up.
 */
public record Fence(OperationId operation, RunnerId runner) {
    public Fence {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(runner, "runner");
    }
}
