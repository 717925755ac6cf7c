package io.runvault.adapters.in.rest;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a request's {@code Prefer} headers (RFC 7240) ask of a long request: {@code respond-async} to be answered 202
 * while the work goes on, and {@code wait}, how long the client would rather wait for the outcome first
 * ({@code holdFor}). Anything else in the headers, and a {@code wait} that is not a number in ASCII digits, is
 * ignored, as RFC 7240 lets a server ignore a preference it does not understand.
 */
record AsyncPreference(boolean respondAsync, Duration holdFor) {
    /** The longest a request is held for its outcome, however long the client says it would wait. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final AsyncPreference NONE = new AsyncPreference(false, Duration.ZERO);

    static AsyncPreference of(List<String> headers) {
        boolean respondAsync = false;
        Duration wait = Duration.ZERO;
        for (String header : headers) {
            for (String preference : header.split(",")) {
                // Parameters after ';' qualify a preference; neither of these two has any.
                String token = preference.split(";", 2)[0].strip();
                int equals = token.indexOf('=');
                String name = (equals < 0 ? token : token.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
                String value = equals < 0 ? "" : unquoted(token.substring(equals + 1).strip());
                if (name.equals("respond-async") && equals < 0) {
                    respondAsync = true;
                } else if (name.equals("wait") && StrictValuesFilter.isAsciiDigits(value)) {
                    wait = seconds(value);
                }
            }
        }
        return respondAsync ? new AsyncPreference(true, wait) : NONE;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** Any number of digits: one past what a long holds still means "longer than the server waits". */
    private static Duration seconds(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 4) {
            return MAX_WAIT;
        }
        Duration wait = Duration.ofSeconds(Long.parseLong(significant));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
