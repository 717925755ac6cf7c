package io.runvault.application.port.out;

import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: the object store; every write through it is create-only, so an artifact, once stored, is the one
 * every later reader sees. Failures other than the ones named surface as {@link java.io.UncheckedIOException}.
 */
public interface ArtifactStorage {
    /**
     * Stores {@code content} at {@code key} unless something is already there. The body is streamed with bounded
     * memory whatever its size, and its SHA-256 is computed on the way. The stream is read but not closed.
     *
     * @param length what the body declared; unknown means it is read until end of stream
     * @throws io.runvault.application.ArtifactAlreadyExists if the key is taken; the stored object is untouched
     * @throws java.io.UncheckedIOException if reading or storing fails, or the body ends before or goes on past its
     *         declared length; then nothing is left at the key
     */
    StoredObject putIfAbsent(StorageKey key, InputStream content, DeclaredLength length);

    /**
     * Size and SHA-256 of what is stored at {@code key}, or empty. The SHA-256 comes from what this port recorded at
     * write time when the store has it; otherwise (objects a client uploaded with a presigned PUT, bodies too large
     * to hash before sending) the object is read once to compute it, which costs a full download.
     */
    Optional<StoredObject> head(StorageKey key);

    /**
     * A URL a client can PUT the body to, create-only like every write: the client sends the URL's headers with it
     * (a PUT without them is refused) and a PUT to a key that already holds an object is refused, so a URL that is
     * still valid cannot replace what was uploaded, completed and checksummed through it.
     */
    PresignedUrl presignPut(StorageKey key, Duration ttl);

    /**
     * A URL a client can PUT the body to with no header at all, for clients that cannot send one. Such a PUT is not
     * create-only, so it is only ever issued for a staging key ({@link io.runvault.domain.JobS3Prefix#stagingKeyFor}),
     * which nothing reads as an artifact: Runvault writes the object from there to the artifact's key with
     * {@link #putIfAbsent}, create-only.
     */
    PresignedUrl presignStagingPut(StorageKey staging, Duration ttl);

    /**
     * {@link #presignPut(StorageKey, Duration)} for bytes whose SHA-256 the client declared: where the store checks
     * checksums, the URL makes it refuse other bytes. Completion hashes what was stored either way; a store that
     * cannot check the declared value is given the plain URL.
     */
    default PresignedUrl presignPut(StorageKey key, Duration ttl, Checksum sha256) {
        return presignPut(key, ttl);
    }

    /**
     * A URL a client can GET the object from without credentials until it expires; it is served as an opaque
     * download ({@code application/octet-stream}, as an attachment), whatever type it was uploaded with.
     */
    PresignedUrl presignGet(StorageKey key, Duration ttl);

    /**
     * The stored bytes, streamed; the caller closes the stream.
     *
     * @throws io.runvault.application.ArtifactNotFound if nothing is stored at the key
     */
    InputStream open(StorageKey key);

    /**
     * Up to {@code length} leading bytes of the object (fewer when it is shorter), without reading the rest.
     *
     * @throws io.runvault.application.ArtifactNotFound if nothing is stored at the key
     */
    default byte[] readStart(StorageKey key, int length) {
        try (InputStream in = open(key)) {
            return in.readNBytes(length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not read the start of " + key, e);
        }
    }

    /** Removes the object; removing a missing key is not an error, so retries are safe. */
    void delete(StorageKey key);

    /** At most this many keys go in one batch delete (S3's DeleteObjects limit). */
    int MAX_BATCH = 1_000;

    /**
     * Copies an object inside the store (no bytes through this process), create-only: nothing already at {@code to}
     * is replaced. The copy carries the original's recorded metadata; the archive tier may use another storage class.
     *
     * @throws io.runvault.application.ArtifactAlreadyExists if something is at {@code to}; it is left untouched
     * @throws io.runvault.application.ArtifactNotFound if nothing is at {@code from}
     */
    void copy(StorageLocation from, StorageLocation to);

    /** {@link #head(StorageKey)} in either tier. */
    Optional<StoredObject> head(StorageLocation at);

    /** {@link #presignGet(StorageKey, Duration)} in either tier. */
    PresignedUrl presignGet(StorageLocation at, Duration ttl);

    /** {@link #delete(StorageKey)} in either tier. */
    void delete(StorageLocation at);

    /** One page of the keys under {@code prefix} in key order; pass {@link KeyPage#nextToken()} back for the next. */
    KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken);

    /**
     * Removes the objects in batches of at most {@link #MAX_BATCH}; missing keys are not an error.
     *
     * @return how many keys were removed (or already missing)
     * @throws java.io.UncheckedIOException if the store refused some; the message names the first of them
     */
    int deleteAll(StorageTier tier, List<StorageKey> keys);

    /** Aborts every unfinished multipart upload under {@code prefix}, so no part stays behind; returns how many. */
    int abortUploads(StorageTier tier, StoragePrefix prefix);

    /** A page of keys and the token for the next page, null on the last. */
    record KeyPage(List<StorageKey> keys, String nextToken) {
        public KeyPage {
            keys = List.copyOf(keys);
        }
    }
}
