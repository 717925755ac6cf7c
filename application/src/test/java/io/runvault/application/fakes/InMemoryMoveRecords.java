package io.runvault.application.fakes;

import io.runvault.application.port.out.MoveRecords;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Fake: {@link MoveRecords} over the in-memory artifacts and operations, one batch at a time under their locks. */
public final class InMemoryMoveRecords implements MoveRecords {
    private final InMemoryArtifactRepository artifacts;
    private final InMemoryOperationRepository operations;

    public InMemoryMoveRecords(InMemoryArtifactRepository artifacts, InMemoryOperationRepository operations) {
        this.artifacts = artifacts;
        this.operations = operations;
    }

    @Override
    public Optional<Set<ArtifactId>> record(Fence fence, List<Relocation> relocations, List<StepEnd> ends) {
        synchronized (operations) {
            synchronized (artifacts) {
                if (!operations.holds(fence)) {
                    return Optional.empty();
                }
                Set<ArtifactId> moved = new HashSet<>();
                for (Relocation relocation : relocations) {
                    if (artifacts.relocate(relocation.artifact(), relocation.from(), relocation.to(),
                            relocation.tag())) {
                        moved.add(relocation.artifact());
                    } else {
                        operations.stepFailed(fence, relocation.artifact(), "artifact " + relocation.artifact()
                                + " was no longer at " + relocation.from());
                    }
                }
                for (StepEnd end : ends) {
                    if (end.isDone()) {
                        operations.stepDone(fence, end.artifact());
                    } else {
                        operations.stepFailed(fence, end.artifact(), end.failure());
                    }
                }
                return Optional.of(moved);
            }
        }
    }
}
