package io.runvault.domain;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Value object: the id of one presigned single-PUT upload, a random token its staging key is built from
 * ({@link JobS3Prefix#uploadKeyFor}). The strict pattern keeps a value from a client from reaching outside that key,
 * and its {@code put-} start tells it from a multipart upload id, which the store chooses.
 */
public record SingleUploadId(String value) {
    private static final String START = "put-";
    private static final Pattern FORM = Pattern.compile(START + "[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public SingleUploadId {
        if (!isOne(value)) {
            throw new InvalidValue("uploadId", "is not an upload id this server issued");
        }
    }

    /** A new, unguessable id: knowing one upload's id says nothing about another's staging key. */
    public static SingleUploadId random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new SingleUploadId(START + HexFormat.of().formatHex(bytes));
    }

    /** Whether {@code value} has this id's form (so is not a multipart upload id). */
    public static boolean isOne(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
