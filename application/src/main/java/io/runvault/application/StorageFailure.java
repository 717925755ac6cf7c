package io.runvault.application;

/** The object store refused or failed a request made on the caller's behalf; the store's message says why. */
public final class StorageFailure extends RunvaultException {
    public StorageFailure(String message) {
        super(message);
    }
}
