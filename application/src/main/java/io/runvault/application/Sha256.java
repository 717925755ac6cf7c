package io.runvault.application;

import io.runvault.domain.Checksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hashes a stream to its end without keeping it: to compare a repeated upload with what is already stored. */
public final class Sha256 {
    private Sha256() {
    }

    public static Checksum of(InputStream content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = content.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
            return Checksum.sha256(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
