package io.runvault.adapters.out.s3;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/**
 * S3 adapter settings for archived copies, bound from {@code runvault.archive.*}: where they go and how large objects
 * are copied. Archived objects always go to {@code archive/<original key>}; {@code bucket} only chooses which bucket
 * that is. How operations run, and the lifecycle rules, are the server's settings.
 *
 * @param bucket                 the archive bucket; empty: the primary bucket (under {@code archive/})
 * @param storageClass           S3 storage class archived copies are written with, e.g. {@code STANDARD_IA} or
 *                               {@code GLACIER_IR}; empty: the bucket's default. Classes that need a RestoreObject
 *                               before reading ({@code GLACIER}, {@code DEEP_ARCHIVE}) cannot be copied back
 * @param multipartCopyThreshold objects above this are copied in parts (UploadPartCopy); S3 copies at most 5 GB in
 *                               one CopyObject
 * @param copyPartSize           part size of those copies (5 MB to 5 GB), raised if an object would need more than
 *                               10,000 parts
 */
@ConfigurationProperties(ArchiveSettings.PREFIX)
public record ArchiveSettings(
        @Nullable String bucket,
        @Nullable String storageClass,
        @Bindable(defaultValue = "5GB") @ReadableBytes long multipartCopyThreshold,
        @Bindable(defaultValue = "512MB") @ReadableBytes long copyPartSize) {

    public static final String PREFIX = "runvault.archive";
    /** The most one CopyObject copies. */
    public static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    public ArchiveSettings {
        bucket = blankToNull(bucket);
        storageClass = blankToNull(storageClass);
        if (multipartCopyThreshold < 1 || multipartCopyThreshold > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException(PREFIX + ".multipart-copy-threshold must be between 1 byte and 5GB, was "
                    + multipartCopyThreshold);
        }
        if (copyPartSize < S3Settings.MIN_PART_SIZE || copyPartSize > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException(PREFIX + ".copy-part-size must be between 5MB and 5GB, was "
                    + copyPartSize);
        }
    }

    /** The defaults, as an unconfigured server has them; for tests that build the adapter by hand. */
    public static ArchiveSettings defaults() {
        return new ArchiveSettings(null, null, MAX_SINGLE_COPY, 512L * 1024 * 1024);
    }

    public ArchiveSettings withBucket(String value) {
        return new ArchiveSettings(value, storageClass, multipartCopyThreshold, copyPartSize);
    }

    public ArchiveSettings withMultipartCopy(long threshold, long partSize) {
        return new ArchiveSettings(bucket, storageClass, threshold, partSize);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
