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

    /** Returns why the operation stopped early, or null when every step was tried. */
    String archive(Operation operation, Fence fence) {
        return moves.move(operation, StorageTier.ARCHIVE, fence);
    }
}
