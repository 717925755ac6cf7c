package io.runvault.application.port.out;

import io.runvault.domain.DeclaredLength;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Outgoing port: artifacts' bytes at their primary keys, written create-only, so an artifact, once stored, is the one
 * every later reader sees. Failures other than the ones named surface as {@link UncheckedIOException}.
 */
public interface ArtifactObjects {
    /**
     * Stores {@code content} at {@code key} unless something is already there. The body is streamed with bounded
     * memory whatever its size, and its SHA-256 is computed on the way. The stream is read but not closed.
     *
     * @param length what the body declared; unknown means it is read until end of stream
     * @throws io.runvault.application.ArtifactAlreadyExists if the key is taken; the stored object is untouched
     * @throws UncheckedIOException if reading or storing fails, or the body ends before or goes on past its declared
     *         length; then nothing is left at the key
     */
    StoredObject putIfAbsent(StorageKey key, InputStream content, DeclaredLength length);

    /**
     * Size and SHA-256 of what is stored at {@code key}, or empty. The SHA-256 comes from what was recorded at write
     * time when the store has it; otherwise (objects a client uploaded with a presigned PUT, bodies too large to hash
     * before sending) the object is read once to compute it, which costs a full download.
     */
    Optional<StoredObject> head(StorageKey key);

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
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the start of " + key, e);
        }
    }

    /** Removes the object; removing a missing key is not an error, so retries are safe. */
    void delete(StorageKey key);
}
