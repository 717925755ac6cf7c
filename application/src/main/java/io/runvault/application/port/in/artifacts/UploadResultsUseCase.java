package io.runvault.application.port.in.artifacts;

import io.runvault.domain.Artifact;

/** Use case: a worker streams a run's results through the server into storage; the run is then done. */
public interface UploadResultsUseCase {
    UploadedResults upload(UploadResultsCommand command);

    /** The stored artifact, and whether this call stored it (false: the same bytes were already there). */
    record UploadedResults(Artifact artifact, boolean created) {
    }
}
