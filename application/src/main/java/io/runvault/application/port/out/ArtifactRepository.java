package io.runvault.application.port.out;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Checksum;
import io.runvault.domain.Fence;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import java.util.Optional;

/** Outgoing port: artifact rows, one per identity (job, run, kind, stage). */
public interface ArtifactRepository {
    /** Reserves the identity at {@code key} as PENDING, or returns the row that already holds the identity. */
    Artifact reserve(ArtifactIdentity identity, StorageKey key);

    Optional<Artifact> findById(ArtifactId id);

    /** PENDING becomes STORED with size, checksum and the next stored seq; a stored row comes back unchanged. */
    Artifact markStored(ArtifactId id, long size, Checksum checksum);

    /** In id order: pages continue after the highest id shown. */
    Page<Artifact> listByJob(JobId job, ArtifactFilter filter, PageRequest page);

    /** Compare-and-set of where the bytes are: false when the artifact was no longer at {@code expected}. */
    boolean relocate(ArtifactId id, StorageLocation expected, StorageLocation target);

    /**
     * {@link #relocate(ArtifactId, StorageLocation, StorageLocation)} by an operation's runner, in the same statement
     * conditional on its still holding the claim: false when either condition fails.
     */
    boolean relocate(ArtifactId id, StorageLocation expected, StorageLocation target, Fence fence);
}
