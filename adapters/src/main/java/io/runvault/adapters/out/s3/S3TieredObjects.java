package io.runvault.adapters.out.s3;

import static io.runvault.adapters.out.s3.S3Store.MAX_PARTS;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.CopyNotVerified;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.Artifact;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Adapter: {@link TieredObjects} on S3 or an S3-compatible store, each tier in its bucket (see {@link S3Store}).
 * Copies stay inside the store: CopyObject up to the configured threshold, UploadPartCopy above it. An artifact's copy
 * is one conditional CopyObject of the version its row records the tag of, when it has one.
 */
@Singleton
public final class S3TieredObjects implements TieredObjects {
    private final S3Store store;
    private final S3Client s3;
    private final ArchiveSettings archive;

    public S3TieredObjects(S3Store store, ArchiveSettings archive) {
        this.store = store;
        this.s3 = store.client();
        this.archive = archive;
    }

    @Override
    public void copy(StorageLocation from, StorageLocation to) {
        String source = store.bucketOf(from.tier());
        String target = store.bucketOf(to.tier());
        HeadObjectResponse original;
        try {
            original = s3.headObject(b -> b.bucket(source).key(from.key().value()));
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFound(from.key());
        } catch (SdkException e) {
            throw store.failure("could not look up " + from, e);
        }
        // CopyObject takes no If-None-Match: this check keeps it create-only, as one operation at a time per job is
        // the only writer of archive keys. Copies in parts are completed with If-None-Match as well.
        if (store.exists(target, to.key())) {
            throw new ArtifactAlreadyExists(to.key());
        }
        String storageClass = to.tier() == StorageTier.ARCHIVE ? archive.storageClass() : null;
        try {
            if (original.contentLength() > archive.multipartCopyThreshold()) {
                copyInParts(source, from.key(), target, to.key(), original, storageClass);
            } else {
                // If-Match: the copy is of the very version whose size was just checked.
                s3.copyObject(b -> b.sourceBucket(source).sourceKey(from.key().value()).destinationBucket(target)
                        .destinationKey(to.key().value()).copySourceIfMatch(original.eTag())
                        .storageClass(storageClass));
            }
        } catch (SdkException e) {
            throw store.writeFailure(to.key(), e);
        }
    }

    @Override
    public StoredObject copyArtifact(Artifact artifact, StorageLocation to) {
        // Copies in parts need the original's headers, and primary keys are written create-only: both look first.
        boolean createOnly = to.tier() == StorageTier.PRIMARY || artifact.size() > archive.multipartCopyThreshold();
        if (artifact.tag() != null && !createOnly) {
            try {
                return copyVersion(artifact, artifact.tag(), to);
            } catch (CopyNotVerified e) {
                // The recorded tag is only a shortcut: a store may tag the same bytes anew (a copy replaced with
                // itself, server-side encryption); the object's recorded size and SHA-256 decide, as for untagged rows.
            }
        }
        StoredObject found = store.head(artifact.location())
                .orElseThrow(() -> new ArtifactNotFound(artifact.location().key()));
        if (found.size() != artifact.size() || !found.sha256().equals(artifact.checksum())) {
            throw new CopyNotVerified(artifact, artifact.location(), found.size() + " bytes, " + found.sha256());
        }
        if (createOnly) {
            copy(artifact.location(), to);
            return store.head(to).orElseThrow(() -> new IllegalStateException("no object at " + to
                    + " right after copying"));
        }
        return copyVersion(artifact, found.tag(), to);
    }

    /**
     * One CopyObject of the version {@code tag} names (If-Match), so what lands is the recorded object whatever
     * happened to the original meanwhile: no lookup before, and none after when the copy comes back with that very
     * tag. Correctness does not rest on If-Match: a copy tagged otherwise is looked at. Nothing is looked up at {@code to}
     * either: see {@link TieredObjects#copyArtifact} for why an archive key may be written over. It is signed and sent
     * without the S3 client's pipeline ({@link SmallPuts}): an archive is mostly such copies, and that pipeline cost
     * more CPU than the rest of each.
     */
    private StoredObject copyVersion(Artifact artifact, String tag, StorageLocation to) {
        StorageLocation from = artifact.location();
        String storageClass = to.tier() == StorageTier.ARCHIVE ? archive.storageClass() : null;
        SmallPuts.Outcome copied;
        try {
            copied = store.smallPuts().copyIfMatch(store.bucketOf(from.tier()), from.key(), tag,
                    store.bucketOf(to.tier()), to.key(), storageClass);
        } catch (IOException e) {
            throw store.writeUnreachable(to.key(), e);
        }
        if (copied.refusal() != null) {
            switch (copied.refusal().status()) {
                case 404 -> throw new ArtifactNotFound(from.key());
                case 412 -> throw new CopyNotVerified(artifact, from, "its tag is no longer " + tag);
                default -> throw store.writeRefused(to.key(), copied.refusal());
            }
        }
        String written = copied.eTag();
        if (tag != null && unquoted(tag).equals(unquoted(written))) {
            // The store tags the copy as the recorded version: the same bytes, whether or not it applied If-Match.
            return new StoredObject(to.key(), artifact.size(), artifact.checksum(), written);
        }
        // Another tag: a multipart original copied whole is tagged anew, but a store that ignores If-Match may also
        // have copied whatever the original is now. Only the recorded size and SHA-256 may say it is the artifact.
        StoredObject landed = store.head(to).orElseThrow(() -> new IllegalStateException("no object at " + to
                + " right after copying"));
        if (landed.size() != artifact.size() || !landed.sha256().equals(artifact.checksum())) {
            throw new CopyNotVerified(artifact, to, landed);
        }
        return landed;
    }

    private static String unquoted(String tag) {
        return tag == null ? "" : tag.replace("\"", "");
    }

    @Override
    public Optional<StoredObject> head(StorageLocation at) {
        return store.head(at);
    }

    @Override
    public void delete(StorageLocation at) {
        store.delete(at);
    }

    private void copyInParts(String source, StorageKey from, String target, StorageKey to, HeadObjectResponse original,
            String storageClass) {
        long size = original.contentLength();
        long part = Math.max(archive.copyPartSize(), Math.ceilDiv(size, MAX_PARTS));
        // Metadata (the recorded SHA-256 among it) is not carried over by part copies: set it as CopyObject would.
        String uploadId = s3.createMultipartUpload(b -> b.bucket(target).key(to.value())
                .contentType(original.contentType()).metadata(original.metadata()).storageClass(storageClass))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(offset + part, size) - 1);
                String eTag = s3.uploadPartCopy(b -> b.sourceBucket(source).sourceKey(from.value())
                        .destinationBucket(target).destinationKey(to.value()).uploadId(uploadId).partNumber(number)
                        .copySourceRange(range).copySourceIfMatch(original.eTag())).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(target).key(to.value()).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException | Error e) {
            store.abort(target, to, uploadId, e);
            throw e;
        }
    }
}
