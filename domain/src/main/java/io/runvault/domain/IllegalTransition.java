package io.runvault.domain;

/** A status change the lifecycle does not allow, e.g. a finished run going back to running. */
public final class IllegalTransition extends DomainException {
    public IllegalTransition(String what, Enum<?> from, Enum<?> to) {
        super(what + " cannot move from " + from + " to " + to);
    }
}
