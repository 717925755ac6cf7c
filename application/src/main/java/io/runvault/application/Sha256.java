package io.runvault.application;

import io.runvault.domain.Checksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one hash Runvault keeps: of stored content, of token secrets, of repeated requests. */
public final class Sha256 {
    /**
     * Copied for each hash: a lookup by name goes through the security providers every time, and a token's hash is
     * taken on every API request.
     */
    private static final MessageDigest PROTOTYPE = lookUp();

    private Sha256() {
    }

    /** Hashes a stream to its end without keeping it: to compare a repeated upload with what is already stored. */
    public static Checksum of(InputStream content) {
        try {
            MessageDigest digest = digest();
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = content.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
            return Checksum.sha256(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hash of the bytes in lowercase hex. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The hash of the text's UTF-8 bytes in lowercase hex. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            // The JDK's own SHA-256 can be cloned; another provider's might not.
            return lookUp();
        }
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every JDK ships SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
