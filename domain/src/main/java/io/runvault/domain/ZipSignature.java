package io.runvault.domain;

import java.util.Arrays;

/** Rule: what a zip archive's first bytes are, a local file header or (an empty archive) the end record. */
public final class ZipSignature {
    /** How many leading bytes tell a zip apart. */
    public static final int LENGTH = 4;
    private static final byte[] LOCAL_FILE = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};

    private ZipSignature() {
    }

    /** Whether these are the first {@link #LENGTH} bytes of a zip archive (fewer never are). */
    public static boolean matches(byte[] first) {
        return Arrays.equals(first, LOCAL_FILE) || Arrays.equals(first, EMPTY_ARCHIVE);
    }
}
