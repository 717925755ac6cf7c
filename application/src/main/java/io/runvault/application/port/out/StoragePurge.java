package io.runvault.application.port.out;

import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import java.util.List;

/** Outgoing port: removing a job's objects and unfinished uploads from a tier in bulk. */
public interface StoragePurge {
    /**
     * Removes the objects, in as many batches as the store needs; missing keys are not an error.
     *
     * @return how many keys were removed (or already missing)
     * @throws java.io.UncheckedIOException if the store refused some; the message names the first of them
     */
    int deleteAll(StorageTier tier, List<StorageKey> keys);

    /** Aborts every unfinished multipart upload under {@code prefix}, so no part stays behind; returns how many. */
    int abortUploads(StorageTier tier, StoragePrefix prefix);
}
