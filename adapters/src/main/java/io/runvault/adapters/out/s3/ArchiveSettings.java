package io.runvault.adapters.out.s3;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/**
 * Adapter settings for archiving, bound from {@code runvault.archive.*}. Archived objects always go to
 * {@code archive/<original key>}; {@code bucket} only chooses which bucket that is.
 *
 * @param bucket                     the archive bucket; empty: the primary bucket (under {@code archive/})
 * @param storageClass               S3 storage class archived copies are written with, e.g. {@code STANDARD_IA} or
 *                                   {@code GLACIER_IR}; empty: the bucket's default. Classes that need a RestoreObject
 *                                   before reading ({@code GLACIER}, {@code DEEP_ARCHIVE}) cannot be copied back
 * @param deleteOriginals            remove each original once its archived copy is verified and recorded
 * @param multipartCopyThreshold     objects above this are copied in parts (UploadPartCopy); S3 copies at most 5 GB
 *                                   in one CopyObject
 * @param copyPartSize               part size of those copies (5 MB to 5 GB), raised if an object would need more
 *                                   than 10,000 parts
 * @param maxConsecutiveFailures     an operation stops (FAILED, resumable) after this many failed steps in a row
 * @param threads                    operations run at the same time in the background
 * @param parallelCopies             artifacts one operation moves at the same time
 * @param abortIncompleteUploadsDays lifecycle rule: incomplete multipart uploads are aborted after this many days
 * @param transitionStorageClass     lifecycle rule: archived objects move to this storage class; empty: no rule
 * @param transitionDays             lifecycle rule: after this many days
 */
@ConfigurationProperties(ArchiveSettings.PREFIX)
public record ArchiveSettings(
        @Nullable String bucket,
        @Nullable String storageClass,
        @Bindable(defaultValue = "true") boolean deleteOriginals,
        @Bindable(defaultValue = "5GB") @ReadableBytes long multipartCopyThreshold,
        @Bindable(defaultValue = "512MB") @ReadableBytes long copyPartSize,
        @Bindable(defaultValue = "10") int maxConsecutiveFailures,
        @Bindable(defaultValue = "2") int threads,
        @Bindable(defaultValue = "4") int parallelCopies,
        @Bindable(defaultValue = "7") int abortIncompleteUploadsDays,
        @Nullable String transitionStorageClass,
        @Bindable(defaultValue = "30") int transitionDays) {

    public static final String PREFIX = "runvault.archive";
    /** The most one CopyObject copies. */
    public static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    public ArchiveSettings {
        bucket = blankToNull(bucket);
        storageClass = blankToNull(storageClass);
        transitionStorageClass = blankToNull(transitionStorageClass);
        if (multipartCopyThreshold < 1 || multipartCopyThreshold > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException(PREFIX + ".multipart-copy-threshold must be between 1 byte and 5GB, was "
                    + multipartCopyThreshold);
        }
        if (copyPartSize < S3Settings.MIN_PART_SIZE || copyPartSize > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException(PREFIX + ".copy-part-size must be between 5MB and 5GB, was "
                    + copyPartSize);
        }
        if (maxConsecutiveFailures < 1 || threads < 1 || parallelCopies < 1) {
            throw new IllegalArgumentException(PREFIX
                    + ".max-consecutive-failures, .threads and .parallel-copies must be positive");
        }
    }

    /** The defaults, as an unconfigured server has them. */
    public static ArchiveSettings defaults() {
        return new ArchiveSettings(null, null, true, MAX_SINGLE_COPY, 512L * 1024 * 1024, 10, 2, 4, 7, null, 30);
    }

    public ArchiveSettings withBucket(String value) {
        return new ArchiveSettings(value, storageClass, deleteOriginals, multipartCopyThreshold, copyPartSize,
                maxConsecutiveFailures, threads, parallelCopies, abortIncompleteUploadsDays, transitionStorageClass,
                transitionDays);
    }

    public ArchiveSettings withMultipartCopy(long threshold, long partSize) {
        return new ArchiveSettings(bucket, storageClass, deleteOriginals, threshold, partSize, maxConsecutiveFailures,
                threads, parallelCopies, abortIncompleteUploadsDays, transitionStorageClass, transitionDays);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
