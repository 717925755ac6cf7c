package io.runvault.domain;

/** A value object refused its input: names the field so callers can point at it. */
public final class InvalidValue extends DomainException {
    private final String field;

    public InvalidValue(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
