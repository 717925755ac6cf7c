package io.runvault.adapters.in.rest;

import io.runvault.domain.InvalidValue;
import io.runvault.domain.ZipSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;

/** Refuses a results body that is not a zip before anything is stored, by peeking at its first four bytes. */
final class ZipStream {
    private ZipStream() {
    }

    static InputStream checked(InputStream body) {
        var peekable = new PushbackInputStream(body, ZipSignature.LENGTH);
        try {
            byte[] head = peekable.readNBytes(ZipSignature.LENGTH);
            if (!ZipSignature.matches(head)) {
                throw new InvalidValue("body", "results must be a zip archive");
            }
            peekable.unread(head);
            return peekable;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
