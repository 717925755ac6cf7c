package io.runvault.domain;

import java.util.HexFormat;
import java.util.Locale;

/** Value object: a content checksum as lowercase hex, so stored and recomputed values compare with equals. */
public record Checksum(Algorithm algorithm, String value) {

    /** The algorithms Runvault records; each fixes its hex length. */
    public enum Algorithm {
        SHA256(64),
        CRC32C(8);

        private final int hexLength;

        Algorithm(int hexLength) {
            this.hexLength = hexLength;
        }

        public int hexLength() {
            return hexLength;
        }
    }

    public Checksum {
        if (algorithm == null) {
            throw new InvalidValue("checksum", "needs an algorithm");
        }
        if (value == null || value.length() != algorithm.hexLength() || !isLowercaseHex(value)) {
            throw new InvalidValue("checksum", "must be " + algorithm.hexLength() + " lowercase hex digits for "
                    + algorithm);
        }
    }

    /** Accepts upper-case hex too, since tools such as {@code sha256sum} and S3 consoles differ in case. */
    public static Checksum sha256Hex(String hex) {
        return new Checksum(Algorithm.SHA256, hex == null ? null : hex.toLowerCase(Locale.ROOT));
    }

    public static Checksum sha256(byte[] digest) {
        return new Checksum(Algorithm.SHA256, HexFormat.of().formatHex(digest));
    }

    private static boolean isLowercaseHex(String value) {
        return value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    @Override
    public String toString() {
        return algorithm + ":" + value;
    }
}
