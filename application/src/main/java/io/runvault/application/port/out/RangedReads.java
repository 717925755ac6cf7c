package io.runvault.application.port.out;

import io.runvault.domain.StorageLocation;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Outgoing port: a byte range of a stored object, fetched without the rest of it. Failures other than the one named
 * surface as {@link UncheckedIOException}.
 */
public interface RangedReads {
    /**
     * Up to {@code length} bytes from {@code offset}, streamed; fewer when the object ends first. The caller closes the
     * stream, and closing it early does not fetch the remainder.
     *
     * @throws io.runvault.application.ArtifactNotFound if nothing is stored at the location
     */
    InputStream openRange(StorageLocation at, long offset, long length);

    /** The range whole, for small reads such as a zip's directory records. */
    default byte[] readRange(StorageLocation at, long offset, int length) {
        try (InputStream in = openRange(at, offset, length)) {
            return in.readNBytes(length);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("could not read " + length + " bytes at " + offset + " of " + at, e);
        }
    }
}
