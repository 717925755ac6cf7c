package io.runvault.adapters.in.rest;

import io.runvault.domain.InvalidValue;
import io.runvault.domain.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: clients pass back what they were given and never build positions themselves. */
public final class Cursor {
    private static final String PREFIX = "after:";

    private Cursor() {
    }

    public static String encode(Long position) {
        if (position == null) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
    }

    public static PageRequest page(String cursor, Integer limit) {
        int size = limit == null ? PageRequest.DEFAULT_LIMIT : limit;
        if (cursor == null || cursor.isEmpty()) {
            return new PageRequest(null, size);
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!decoded.startsWith(PREFIX)) {
                throw new IllegalArgumentException(decoded);
            }
            return new PageRequest(Long.parseLong(decoded.substring(PREFIX.length())), size);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("cursor", "is not a cursor this server gave out");
        }
    }
}
