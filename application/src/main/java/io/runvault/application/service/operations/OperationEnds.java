package io.runvault.application.service.operations;

import io.runvault.domain.OperationId;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where the runs of operations on this server tell the readers waiting for one ({@link GetOperation}) that it has
 * ended, so a reader answers then rather than at its next look. Only runs here are heard of: a reader waiting for
 * an operation another server runs looks at the database again now and then instead.
 */
public final class OperationEnds {
    /** The readers of each operation waited for, and what wakes them; gone once none waits. */
    private final ConcurrentHashMap<OperationId, Watch> watches = new ConcurrentHashMap<>();

    private static final class Watch {
        final CountDownLatch ended = new CountDownLatch(1);
        int readers;
    }

    /** Wakes every reader waiting for the operation now. */
    void ended(OperationId id) {
        Watch watch = watches.remove(id);
        if (watch != null) {
            watch.ended.countDown();
        }
    }

    /**
     * What a reader waits on, to be closed when it is done: taken before it reads the operation, so an end written
     * after that read cannot be missed.
     */
    Waiter watch(OperationId id) {
        return new Waiter(id);
    }

    private Watch join(OperationId id) {
        return watches.compute(id, (key, watch) -> {
            Watch joined = watch == null ? new Watch() : watch;
            joined.readers++;
            return joined;
        });
    }

    private void leave(OperationId id, Watch watch) {
        watches.computeIfPresent(id, (key, current) -> current != watch || --current.readers > 0 ? current : null);
    }

    /** One reader's wait for one operation's end. */
    final class Waiter implements AutoCloseable {
        private final OperationId id;
        private Watch watch;

        private Waiter(OperationId id) {
            this.id = id;
            this.watch = join(id);
        }

        /**
         * Returns when the operation ended here since this waiter was taken or last returned, or after
         * {@code timeout}; either way the caller reads the operation again.
         */
        void await(Duration timeout) throws InterruptedException {
            if (watch.ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                // It may be reopened and run again: a further wait is for the next end.
                watch = join(id);
            }
        }

        @Override
        public void close() {
            leave(id, watch);
        }
    }
}
