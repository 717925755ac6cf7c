package io.runvault.application.service.operations;

import io.runvault.domain.Fence;
import io.runvault.domain.Operation;
import io.runvault.domain.StorageTier;

/** Use case: archive a job for its ARCHIVE operation, moving every stored artifact to the archive tier. */
public final class ArchiveJob {
    private final MoveArtifacts moves;

    public ArchiveJob(MoveArtifacts moves) {
        this.moves = moves;
    }

    /** Why the operation stopped early (null: every step was tried), and the steps' ends left for its end. */
    WorkDone archive(Operation operation, Fence fence) {
        return moves.move(operation, StorageTier.ARCHIVE, fence);
    }
}
