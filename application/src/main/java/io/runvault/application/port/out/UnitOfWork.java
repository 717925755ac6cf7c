package io.runvault.application.port.out;

import java.util.function.Supplier;

/** Outgoing port: runs work in one transaction, so its writes commit together or not at all. */
public interface UnitOfWork {
    /** Runs {@code work} in one transaction (the caller's, if it is already in one) and returns its result. */
    <T> T inOneTransaction(Supplier<T> work);
}
