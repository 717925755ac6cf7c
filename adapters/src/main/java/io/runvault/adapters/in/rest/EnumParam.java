package io.runvault.adapters.in.rest;

import io.runvault.domain.InvalidValue;
import java.util.Arrays;

/** Reads an enum constant from a query, path or body string, refusing unknown names as the field's invalid value. */
final class EnumParam {
    private EnumParam() {
    }

    /** The constant named {@code value}, or null when absent; an unknown name lists the ones allowed. */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
