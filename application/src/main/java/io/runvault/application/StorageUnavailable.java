package io.runvault.application;

/**
 * The object store could not be reached, timed out or answered with a server error: a passing condition, so the
 * request may be repeated later. The message says what was being done and the store's own cause.
 */
public final class StorageUnavailable extends RunvaultException {
    public StorageUnavailable(String message) {
        super(message);
    }
}
