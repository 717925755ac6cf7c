package io.runvault.application.port.out;

import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import io.runvault.domain.StorageLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Outgoing port: what an operation's runner records of a batch of steps moving artifacts between tiers (or only
 * ending steps, as a verify's checks do), all at once and only while it holds its claim.
 */
public interface MoveRecords {
    /**
     * In one transaction, if the runner holds its claim, which no other runner can take while the transaction lasts:
     * each relocation takes effect if its artifact is still where the step found it, else the step fails; the steps
     * end as told. A relocated artifact's step stays open, to be ended by a later call once nothing is left to do
     * for it, so a run that stops in between leaves it for the next run to finish.
     *
     * @return the artifacts relocated; empty when the runner no longer held the claim, and then nothing was written
     */
    Optional<Set<ArtifactId>> record(Fence fence, List<Relocation> relocations, List<StepEnd> ends);

    /** Value object: an artifact a step found at {@code from} and copied to {@code to}, tagged {@code tag} there. */
    record Relocation(ArtifactId artifact, StorageLocation from, StorageLocation to, String tag) {
        public Relocation {
            Objects.requireNonNull(artifact, "artifact");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** Value object: how a step ended, done or failed (with why). */
    record StepEnd(ArtifactId artifact, String failure) {
        public StepEnd {
            Objects.requireNonNull(artifact, "artifact");
        }

        public static StepEnd done(ArtifactId artifact) {
            return new StepEnd(artifact, null);
        }

        public static StepEnd failed(ArtifactId artifact, String why) {
            return new StepEnd(artifact, Objects.requireNonNull(why, "why"));
        }

        public boolean isDone() {
            return failure == null;
        }
    }
}
