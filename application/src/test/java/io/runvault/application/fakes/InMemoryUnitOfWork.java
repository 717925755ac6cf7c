package io.runvault.application.fakes;

import io.runvault.application.port.out.UnitOfWork;
import java.util.function.Supplier;

/**
 * Fake: runs the work as it comes. Each in-memory repository applies a call at once under its own lock, and the use
 * cases that need a unit of work write nothing before the check that may refuse it.
 */
public final class InMemoryUnitOfWork implements UnitOfWork {
    @Override
    public <T> T inOneTransaction(Supplier<T> work) {
        return work.get();
    }
}
