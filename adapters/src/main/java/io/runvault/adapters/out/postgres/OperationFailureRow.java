package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Operation;
import io.runvault.domain.StorageKey;

/** A failed step (with its artifact) or a finding (without one), as {@link OperationRows#findFailures} reads it. */
@Introspected
record OperationFailureRow(@Nullable Long artifactId, String key, String message) {
    Operation.Failure toDomain() {
        return new Operation.Failure(artifactId == null ? null : new ArtifactId(artifactId), new StorageKey(key),
                message);
    }
}
