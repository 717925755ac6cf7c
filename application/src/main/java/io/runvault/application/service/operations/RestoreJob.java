package io.runvault.application.service.operations;

import io.runvault.domain.Fence;
import io.runvault.domain.Operation;
import io.runvault.domain.StorageTier;

/** Use case: restore a job for its RESTORE operation, copying every archived artifact back to the primary tier. */
public final class RestoreJob {
    private final MoveArtifacts moves;

    public RestoreJob(MoveArtifacts moves) {
        this.moves = moves;
    }

    /** Why the operation stopped early (null: every step was tried), and the steps' ends left for its end. */
    WorkDone restore(Operation operation, Fence fence) {
        return moves.move(operation, StorageTier.PRIMARY, fence);
    }
}
