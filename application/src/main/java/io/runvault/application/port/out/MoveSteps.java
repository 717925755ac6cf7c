package io.runvault.application.port.out;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import io.runvault.domain.OperationId;
import io.runvault.domain.StorageTier;
import java.util.List;
import java.util.Objects;

/**
 * Outgoing port: the steps of an operation moving a job's artifacts between tiers, planned in one statement whatever
 * the job's size, and read a page at a time together with their artifacts' rows (a verify's steps are read so too).
 */
public interface MoveSteps {
    /**
     * Adds a step per stored artifact of the operation's job that is not in {@code to}, unless the operation has one
     * for it already: planning again adds only artifacts stored since.
     *
     * @return false, adding nothing, when the runner no longer holds the claim
     */
    boolean plan(Fence fence, StorageTier to);

    /** Steps not done yet, in artifact id order after {@code after} (null: from the first), each with its row. */
    List<OpenStep> openSteps(OperationId id, ArtifactId after, int limit);

    /** Value object: a step not done yet and its artifact as it is now; null when the artifact is gone. */
    record OpenStep(ArtifactId step, Artifact artifact) {
        public OpenStep {
            Objects.requireNonNull(step, "step");
        }
    }
}
