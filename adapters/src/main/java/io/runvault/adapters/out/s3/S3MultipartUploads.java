package io.runvault.adapters.out.s3;

import static io.runvault.adapters.out.s3.S3Store.OCTETS;
import static io.runvault.adapters.out.s3.S3Store.SHA256_METADATA;
import static io.runvault.adapters.out.s3.S3Store.UNVERIFIED;

import io.runvault.application.port.out.MultipartUploads;
import io.runvault.domain.Checksum;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Adapter: {@link MultipartUploads} on S3 or an S3-compatible store. An upload records {@value S3Store#UNVERIFIED}
 * as its SHA-256 metadata, as a presigned PUT does: the object is hashed by reading it, never taken on trust.
 */
@Singleton
public final class S3MultipartUploads implements MultipartUploads {
    private final S3Store store;
    private final S3Client s3;
    private final S3Presigner presigner;

    public S3MultipartUploads(S3Store store, S3Presigner presigner) {
        this.store = store;
        this.s3 = store.client();
        this.presigner = presigner;
    }

    @Override
    public Optional<String> findOpen(StorageKey key) {
        try {
            // The key as prefix also lists longer keys; only exact matches are this artifact's.
            return s3.listMultipartUploadsPaginator(b -> b.bucket(store.bucket()).prefix(key.value())).uploads()
                    .stream().filter(upload -> upload.key().equals(key.value()))
                    .min(Comparator.comparing(MultipartUpload::initiated,
                            Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(MultipartUpload::uploadId);
        } catch (SdkException e) {
            throw store.failure("could not list the open uploads of " + key, e);
        }
    }

    @Override
    public String start(StorageKey key) {
        store.requireReachable("no upload was started for " + key);
        try {
            return s3.createMultipartUpload(b -> b.bucket(store.bucket()).key(key.value()).contentType(OCTETS)
                    .metadata(Map.of(SHA256_METADATA, UNVERIFIED))).uploadId();
        } catch (SdkException e) {
            throw store.failure("could not start an upload of " + key, e);
        }
    }

    @Override
    public PresignedUrl presignPart(StorageKey key, String uploadId, int number, Duration ttl, Checksum sha256) {
        S3ArtifactLinks.checkTtl(ttl);
        String checksum = sha256 == null ? null
                : Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256.value()));
        return S3ArtifactLinks.presigned(presigner.presignUploadPart(r -> r.signatureDuration(ttl)
                .uploadPartRequest(b -> b.bucket(store.bucket()).key(key.value()).uploadId(uploadId)
                        .partNumber(number).checksumSHA256(checksum))));
    }

    @Override
    public List<Part> listParts(StorageKey key, String uploadId) {
        List<Part> parts = new ArrayList<>();
        Integer marker = null;
        try {
            while (true) {
                Integer after = marker;
                ListPartsResponse page = s3.listParts(b -> b.bucket(store.bucket()).key(key.value())
                        .uploadId(uploadId).partNumberMarker(after));
                page.parts().forEach(p -> parts.add(new Part(p.partNumber(), p.size(), p.eTag())));
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    // Some S3-compatible stores list parts in text order (1, 10, 11, 2, ...).
                    parts.sort(Comparator.comparingInt(Part::number));
                    return parts;
                }
                marker = page.nextPartNumberMarker();
            }
        } catch (NoSuchUploadException e) {
            throw new InvalidValue("uploadId", "no such upload is open for " + key);
        } catch (SdkException e) {
            throw store.failure("could not list the parts of " + key, e);
        }
    }

    @Override
    public void complete(StorageKey key, String uploadId, List<Part> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.eTag()).build()).toList();
        try {
            s3.completeMultipartUpload(b -> b.bucket(store.bucket()).key(key.value()).uploadId(uploadId)
                    .ifNoneMatch("*").multipartUpload(m -> m.parts(completed)));
        } catch (NoSuchUploadException e) {
            throw new InvalidValue("uploadId", "no such upload is open for " + key);
        } catch (SdkException e) {
            throw store.writeFailure(key, e);
        }
    }

    @Override
    public void abort(StorageKey key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(store.bucket()).key(key.value()).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // Completed or aborted meanwhile: either way it is no longer open.
        } catch (SdkException e) {
            throw store.failure("could not abort upload " + uploadId + " of " + key, e);
        }
    }
}
