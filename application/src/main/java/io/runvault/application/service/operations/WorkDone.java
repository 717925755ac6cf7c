package io.runvault.application.service.operations;

import java.util.Objects;

/**
 * What the work of one run leaves for {@link RunOperation} to end it with: why it stopped early (null when every step
 * was tried), and its last writes, which commit in the transaction that ends the operation rather than in one of their
 * own just before it.
 */
record WorkDone(String stoppedBecause, Runnable lastWrites) {
    WorkDone {
        Objects.requireNonNull(lastWrites, "lastWrites");
    }

    /** Work with nothing left to write. */
    static WorkDone of(String stoppedBecause) {
        return new WorkDone(stoppedBecause, () -> { });
    }
}
