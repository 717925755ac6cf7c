package io.runvault.application.port.out;

import io.runvault.domain.Checksum;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: multipart uploads whose parts clients PUT themselves through presigned URLs, in parallel, and which
 * Runvault completes create-only. An open upload is found again by its key, so a client that crashed resumes it.
 */
public interface MultipartUploads {
    /** The open upload of {@code key} started first, if there is one. */
    Optional<String> findOpen(StorageKey key);

    /** Starts an upload of {@code key}; the object appears only when it is completed. */
    String start(StorageKey key);

    /**
     * A URL a client can PUT part {@code number} to; with {@code sha256} (optional), where the store checks part
     * checksums, the URL makes it refuse other bytes.
     */
    PresignedUrl presignPart(StorageKey key, String uploadId, int number, Duration ttl, Checksum sha256);

    /**
     * The parts stored so far, by number.
     *
     * @throws io.runvault.domain.InvalidValue if no such upload is open for the key
     */
    List<Part> listParts(StorageKey key, String uploadId);

    /**
     * Completes the upload from {@code parts}, create-only ({@code If-None-Match: *}).
     *
     * @throws io.runvault.application.ArtifactAlreadyExists if the store says the key is taken
     */
    void complete(StorageKey key, String uploadId, List<Part> parts);

    /** Aborts the upload and frees its parts; aborting one that is gone already is not an error. */
    void abort(StorageKey key, String uploadId);

    /** A stored part: its number (1-based), size and the store's tag for it. */
    record Part(int number, long size, String eTag) {
    }
}
