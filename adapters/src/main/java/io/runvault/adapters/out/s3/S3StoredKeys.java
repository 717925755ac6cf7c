package io.runvault.adapters.out.s3;

import static io.runvault.adapters.out.s3.S3Store.MAX_BATCH;

import io.runvault.application.port.out.StoredKeys;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** Adapter: {@link StoredKeys} by ListObjectsV2, a page of at most S3's batch size at a time. */
@Singleton
public final class S3StoredKeys implements StoredKeys {
    private final S3Store store;
    private final S3Client s3;

    public S3StoredKeys(S3Store store) {
        this.store = store;
        this.s3 = store.client();
    }

    @Override
    public KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken) {
        ListObjectsV2Response page;
        try {
            page = s3.listObjectsV2(b -> b.bucket(store.bucketOf(tier)).prefix(prefix.value())
                    .continuationToken(pageToken).maxKeys(MAX_BATCH));
        } catch (SdkException e) {
            throw store.failure("could not list " + tier + " " + prefix, e);
        }
        List<StorageKey> keys = page.contents().stream().map(object -> new StorageKey(object.key())).toList();
        return new KeyPage(keys, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }
}
