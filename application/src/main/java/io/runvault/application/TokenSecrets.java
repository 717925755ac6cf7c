package io.runvault.application;

import io.runvault.domain.InvalidValue;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Token secrets: 256 random bits, shown once. Only their SHA-256 is stored; a fast hash is enough because the secret
 * is random and long, so there is nothing to brute-force from the hash.
 */
public final class TokenSecrets {
    public static final String SCHEME = "rv_";
    public static final int MIN_LENGTH = 32;
    private static final int PREFIX_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Configured secrets (the bootstrap admin's) must be as hard to guess as generated ones. */
    public static String checked(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || !secret.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new InvalidValue("token", "must be at least " + MIN_LENGTH + " printable characters");
        }
        return secret;
    }

    public static String hash(String secret) {
        return Sha256.hex(secret);
    }

    /** What lists show so people can tell tokens apart without seeing them. */
    public static String prefix(String secret) {
        return secret.substring(0, Math.min(PREFIX_LENGTH, secret.length()));
    }
}
