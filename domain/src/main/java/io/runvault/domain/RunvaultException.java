package io.runvault.domain;

/** Base of every failure Runvault reports to a caller on purpose; adapters map each subclass once. */
public abstract class RunvaultException extends RuntimeException {
    protected RunvaultException(String message) {
        super(message);
    }
}
