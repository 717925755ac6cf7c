package io.runvault.adapters.out.s3;

import static io.runvault.adapters.out.s3.S3Store.MAX_BATCH;

import io.runvault.application.port.out.StoragePurge;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/** Adapter: {@link StoragePurge} by DeleteObjects batches and aborts of the unfinished multipart uploads. */
@Singleton
public final class S3StoragePurge implements StoragePurge {
    private final S3Store store;
    private final S3Client s3;

    public S3StoragePurge(S3Store store) {
        this.store = store;
        this.s3 = store.client();
    }

    @Override
    public int deleteAll(StorageTier tier, List<StorageKey> keys) {
        String in = store.bucketOf(tier);
        int deleted = 0;
        for (int start = 0; start < keys.size(); start += MAX_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(start, Math.min(start + MAX_BATCH, keys.size())).stream()
                    .map(key -> ObjectIdentifier.builder().key(key.value()).build()).toList();
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(b -> b.bucket(in).delete(d -> d.quiet(true).objects(batch)));
            } catch (SdkException e) {
                throw store.failure("could not delete " + batch.size() + " objects from " + tier, e);
            }
            if (!response.errors().isEmpty()) {
                S3Error first = response.errors().getFirst();
                throw new UncheckedIOException(new IOException(response.errors().size() + " of " + batch.size()
                        + " deletes refused in " + tier + "; first " + first.key() + ": " + first.code() + " "
                        + first.message()));
            }
            deleted += batch.size();
        }
        return deleted;
    }

    @Override
    public int abortUploads(StorageTier tier, StoragePrefix prefix) {
        String in = store.bucketOf(tier);
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            String keyAfter = keyMarker;
            String uploadAfter = uploadIdMarker;
            ListMultipartUploadsResponse page;
            try {
                page = s3.listMultipartUploads(b -> b.bucket(in).prefix(prefix.value()).keyMarker(keyAfter)
                        .uploadIdMarker(uploadAfter));
            } catch (SdkException e) {
                throw store.failure("could not list the unfinished uploads under " + prefix, e);
            }
            for (MultipartUpload upload : page.uploads()) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(in).key(upload.key()).uploadId(upload.uploadId()));
                    aborted++;
                } catch (NoSuchUploadException e) {
                    // Completed or aborted meanwhile: either way it is no longer open.
                } catch (SdkException e) {
                    throw store.failure("could not abort upload " + upload.uploadId() + " of " + upload.key(), e);
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return aborted;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }
}
