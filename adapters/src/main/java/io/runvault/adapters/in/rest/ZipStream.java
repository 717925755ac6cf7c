package io.runvault.adapters.in.rest;

import io.runvault.domain.InvalidValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Refuses a results body that is not a zip before anything is stored, by peeking at its first four bytes. */
final class ZipStream {
    private static final byte[] LOCAL_FILE = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};

    private ZipStream() {
    }

    static InputStream checked(InputStream body) {
        var peekable = new PushbackInputStream(body, LOCAL_FILE.length);
        try {
            byte[] head = peekable.readNBytes(LOCAL_FILE.length);
            if (!Arrays.equals(head, LOCAL_FILE) && !Arrays.equals(head, EMPTY_ARCHIVE)) {
                throw new InvalidValue("body", "results must be a zip archive");
            }
            peekable.unread(head);
            return peekable;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
