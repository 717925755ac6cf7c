package io.runvault.adapters.out.s3;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.net.URI;

/**
 * Adapter settings: where the artifact store is and how to talk to it, bound from {@code runvault.storage.s3.*}.
 *
 * @param endpoint           empty for AWS itself; set for S3-compatible stores and the embedded one
 * @param pathStyle          {@code bucket} in the path rather than the host name; most S3-compatible stores need it
 * @param accessKey          with {@code secretKey}; both empty means the SDK's default credentials chain
 * @param checksums          when the SDK adds and checks CRC checksums; see {@link Checksums}
 * @param multipartThreshold bodies of declared length up to this go in one streamed PutObject; undeclared or larger
 *                           ones in multipart parts. At most (and by default) S3's limit for one PutObject
 * @param partSize           multipart part size, and the one buffer an upload holds at a time
 * @param createBucket       create the bucket at start-up when missing; for embedded and development stores
 * @param readBackParallel   ranged GETs in flight when a stored object is read back to hash it (completing a
 *                           multipart upload a client sent): one S3 connection carries far less than the parts
 *                           uploaded side by side, and each range holds one part-size buffer
 */
@ConfigurationProperties(S3Settings.PREFIX)
public record S3Settings(
        @Nullable URI endpoint,
        @Bindable(defaultValue = "us-east-1") String region,
        String bucket,
        @Bindable(defaultValue = "true") boolean pathStyle,
        @Nullable String accessKey,
        @Nullable String secretKey,
        @Bindable(defaultValue = "when-required") Checksums checksums,
        @Bindable(defaultValue = "5GB") @ReadableBytes long multipartThreshold,
        @Bindable(defaultValue = "8MB") @ReadableBytes long partSize,
        @Bindable(defaultValue = "false") boolean createBucket,
        @Bindable(defaultValue = "4") int readBackParallel) {

    public static final String PREFIX = "runvault.storage.s3";
    /** S3 refuses smaller parts (except the last one). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3 refuses a single PutObject larger than this (5 GiB). */
    public static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    /** Parts are buffered in one byte array. */
    public static final long MAX_PART_SIZE = Integer.MAX_VALUE - 8;
    /** Ranges read back at once, at most: each holds a part-size buffer. */
    public static final int MAX_READ_BACK_PARALLEL = 64;

    /**
     * The SDK's flexible checksums. Since 2.30 the SDK defaults to {@code when-supported}: CRC32 trailers in
     * aws-chunked bodies on every upload, which several S3-compatible stores reject or mis-store; so the default here
     * is {@code when-required} (only operations that demand a checksum get one).
     */
    public enum Checksums {
        WHEN_REQUIRED,
        WHEN_SUPPORTED
    }

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException(PREFIX + ".bucket is required");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException(PREFIX + ".region must not be blank");
        }
        if (endpoint != null && !endpoint.isAbsolute()) {
            throw new IllegalArgumentException(PREFIX + ".endpoint must be an absolute URL, was " + endpoint);
        }
        accessKey = blankToNull(accessKey);
        secretKey = blankToNull(secretKey);
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException(PREFIX + ".access-key and .secret-key go together");
        }
        if (checksums == null) {
            checksums = Checksums.WHEN_REQUIRED;
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException(PREFIX + ".part-size must be between 5MB and 2GB, was " + partSize);
        }
        if (multipartThreshold < 1 || multipartThreshold > MAX_SINGLE_PUT) {
            throw new IllegalArgumentException(PREFIX + ".multipart-threshold must be between 1 byte and 5GB, was "
                    + multipartThreshold);
        }
        if (readBackParallel < 1 || readBackParallel > MAX_READ_BACK_PARALLEL) {
            throw new IllegalArgumentException(PREFIX + ".read-back-parallel must be between 1 and "
                    + MAX_READ_BACK_PARALLEL + ", was " + readBackParallel);
        }
    }

    /** Settings for a store with static keys and defaults for the rest, as embedded and test stores use. */
    public static S3Settings of(URI endpoint, String bucket, String accessKey, String secretKey) {
        return new S3Settings(endpoint, "us-east-1", bucket, true, accessKey, secretKey, Checksums.WHEN_REQUIRED,
                MAX_SINGLE_PUT, 8L * 1024 * 1024, false, 4);
    }

    public S3Settings withMultipart(long threshold, long size) {
        return new S3Settings(endpoint, region, bucket, pathStyle, accessKey, secretKey, checksums, threshold, size,
                createBucket, readBackParallel);
    }

    public S3Settings withChecksums(Checksums value) {
        return new S3Settings(endpoint, region, bucket, pathStyle, accessKey, secretKey, value, multipartThreshold,
                partSize, createBucket, readBackParallel);
    }

    public S3Settings withReadBackParallel(int ranges) {
        return new S3Settings(endpoint, region, bucket, pathStyle, accessKey, secretKey, checksums,
                multipartThreshold, partSize, createBucket, ranges);
    }

    /** Keeps the secret key out of logs and error messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle="
                + pathStyle + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "****")
                + ", checksums=" + checksums + ", multipartThreshold=" + multipartThreshold + ", partSize=" + partSize
                + ", createBucket=" + createBucket + ", readBackParallel=" + readBackParallel + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
