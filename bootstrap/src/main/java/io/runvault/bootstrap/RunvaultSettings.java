package io.runvault.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;

/**
 * The settings the use cases are built with, bound from {@code runvault.*}. The adapters' own settings are
 * {@code AdapterSettings}, {@code S3Settings} and {@code ArchiveSettings}; each default is defined in one of these
 * records and nowhere else (README's settings table is checked against them).
 */
@ConfigurationProperties("runvault")
public record RunvaultSettings(Security security, Uploads uploads, Downloads downloads, Archive archive) {

    /**
     * @param workersMayUseAnyJob false: a worker token reaches only the job (and run) it is scoped to
     * @param bootstrapAdminToken the first admin's token (32+ characters); empty: one is generated on a first start
     *                            and printed once
     */
    @ConfigurationProperties("security")
    public record Security(@Bindable(defaultValue = "false") boolean workersMayUseAnyJob,
            @Nullable String bootstrapAdminToken) {
        public Security {
            bootstrapAdminToken = bootstrapAdminToken == null || bootstrapAdminToken.isBlank() ? null
                    : bootstrapAdminToken;
        }
    }

    /**
     * @param urlTtl    lifetime of presigned upload URLs
     * @param claimWait how long a second writer of one artifact waits, after reading its own body, for the first
     *                  writer's outcome
     * @param multipartThreshold a presigned upload declared larger than this many bytes is a multipart upload
     * @param partSize  preferred part size of a multipart upload (grown where the size needs more than 10,000 parts)
     * @param partUrls  part URLs handed out per request of a multipart upload
     */
    @ConfigurationProperties("uploads")
    public record Uploads(@Bindable(defaultValue = "5m") Duration urlTtl,
            @Bindable(defaultValue = "30s") Duration claimWait,
            @Bindable(defaultValue = "64MB") @ReadableBytes long multipartThreshold,
            @Bindable(defaultValue = "16MB") @ReadableBytes long partSize,
            @Bindable(defaultValue = "100") int partUrls) {
        public Uploads {
            if (partUrls < 1 || partUrls > 10_000) {
                throw new IllegalArgumentException("runvault.uploads.part-urls must be between 1 and 10000");
            }
        }
    }

    /**
     * @param urlTtl           lifetime of presigned download and manifest URLs
     * @param maxEntrySize     the largest zip entry served inflated through the API (its declared size)
     * @param maxEntryRatio    a zip entry declaring more than this many bytes per compressed byte is not served
     * @param zipDirectoryCache heap kept for zip directories already read, so a zip's listing pages and entry reads
     *                          fetch its directory once; 0 keeps none
     */
    @ConfigurationProperties("downloads")
    public record Downloads(@Bindable(defaultValue = "5m") Duration urlTtl,
            @Bindable(defaultValue = "1GB") @ReadableBytes long maxEntrySize,
            @Bindable(defaultValue = "200") int maxEntryRatio,
            @Bindable(defaultValue = "64MB") @ReadableBytes long zipDirectoryCache) {
        public Downloads {
            if (maxEntrySize < 0 || maxEntryRatio < 1) {
                throw new IllegalArgumentException(
                        "runvault.downloads.max-entry-size must not be negative and .max-entry-ratio must be positive");
            }
            if (zipDirectoryCache < 0) {
                throw new IllegalArgumentException("runvault.downloads.zip-directory-cache must not be negative");
            }
        }
    }

    /**
     * How archive and restore operations move artifacts, and the lifecycle rules recommended for the bucket.
     *
     * @param deleteOriginals            remove each original once its archived copy is verified and recorded
     * @param maxConsecutiveFailures     an operation stops (FAILED, resumable) after this many failed steps in a row
     * @param parallelCopies             artifacts one operation moves at the same time
     * @param abortIncompleteUploadsDays lifecycle rule: incomplete multipart uploads are aborted after this many days
     * @param transitionStorageClass     lifecycle rule: archived objects move to this storage class; empty: no rule
     * @param transitionDays             lifecycle rule: after this many days
     */
    @ConfigurationProperties("archive")
    public record Archive(@Bindable(defaultValue = "true") boolean deleteOriginals,
            @Bindable(defaultValue = "10") int maxConsecutiveFailures,
            @Bindable(defaultValue = "4") int parallelCopies,
            @Bindable(defaultValue = "7") int abortIncompleteUploadsDays,
            @Nullable String transitionStorageClass,
            @Bindable(defaultValue = "30") int transitionDays) {
        public Archive {
            if (maxConsecutiveFailures < 1 || parallelCopies < 1) {
                throw new IllegalArgumentException(
                        "runvault.archive.max-consecutive-failures and .parallel-copies must be positive");
            }
            transitionStorageClass = transitionStorageClass == null || transitionStorageClass.isBlank() ? null
                    : transitionStorageClass;
        }
    }
}
