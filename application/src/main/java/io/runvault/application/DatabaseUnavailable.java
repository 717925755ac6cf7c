package io.runvault.application;

/**
 * The database could not be reached or dropped the connection: a passing condition, so the request may be repeated
 * later. A write the request had begun was rolled back, unless the connection dropped while it committed.
 */
public final class DatabaseUnavailable extends RunvaultException {
    public DatabaseUnavailable(String message) {
        super(message);
    }
}
