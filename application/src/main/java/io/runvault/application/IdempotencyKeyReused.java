package io.runvault.application;

/** An Idempotency-Key came back with a different request body than the one it was first used with. */
public final class IdempotencyKeyReused extends RunvaultException {
    public IdempotencyKeyReused(String key) {
        super("Idempotency-Key '" + key + "' was already used with a different request body");
    }
}
