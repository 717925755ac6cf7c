package io.runvault.application.port.out;

import io.runvault.domain.Checksum;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import java.time.Duration;

/** Outgoing port: presigned URLs through which clients put and get artifacts' bytes without credentials. */
public interface ArtifactLinks {
    /**
     * A URL a client can PUT the body to, create-only like every write: the client sends the URL's headers with it
     * (a PUT without them is refused) and, where the store applies the condition, a PUT to a key that already holds
     * an object is refused. Uploads are given an upload's own staging key ({@link
     * io.runvault.domain.JobS3Prefix#uploadKeyFor}), never an artifact's key, so however the store treats the
     * condition, a URL reaches no artifact's bytes: completion copies them under the artifact's write claim.
     */
    PresignedUrl presignPut(StorageKey key, Duration ttl);

    /**
     * {@link #presignPut(StorageKey, Duration)} for bytes whose SHA-256 the client declared: where the store checks
     * checksums, the URL makes it refuse other bytes. Completion hashes what was stored either way; a store that
     * cannot check the declared value is given the plain URL.
     */
    default PresignedUrl presignPut(StorageKey key, Duration ttl, Checksum sha256) {
        return presignPut(key, ttl);
    }

    /**
     * A URL a client can PUT the body to with no header at all, for clients that cannot send one. Such a PUT is not
     * create-only, so it is only ever issued for a staging key ({@link io.runvault.domain.JobS3Prefix#stagingKeyFor}),
     * which nothing reads as an artifact: Runvault writes the object from there to the artifact's key with
     * {@link ArtifactObjects#putIfAbsent}, create-only.
     */
    PresignedUrl presignStagingPut(StorageKey staging, Duration ttl);

    /**
     * A URL a client can GET the object in either tier from without credentials until it expires; it is served as an
     * opaque download ({@code application/octet-stream}, as an attachment), whatever type it was uploaded with.
     */
    PresignedUrl presignGet(StorageLocation at, Duration ttl);
}
