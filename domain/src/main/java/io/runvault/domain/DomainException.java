package io.runvault.domain;

/** Base of the refusals the domain's own rules raise; sealed so adapters map each one exhaustively. */
public abstract sealed class DomainException extends RuntimeException permits IllegalTransition, InvalidValue {
    protected DomainException(String message) {
        super(message);
    }
}
