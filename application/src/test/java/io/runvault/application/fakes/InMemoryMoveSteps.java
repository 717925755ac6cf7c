package io.runvault.application.fakes;

import io.runvault.application.port.out.MoveSteps;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Fence;
import io.runvault.domain.JobId;
import io.runvault.domain.OperationId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageTier;
import java.util.ArrayList;
import java.util.List;

/** Fake: {@link MoveSteps} over the in-memory artifacts and operations, under their locks. */
public final class InMemoryMoveSteps implements MoveSteps {
    private final InMemoryArtifactRepository artifacts;
    private final InMemoryOperationRepository operations;

    public InMemoryMoveSteps(InMemoryArtifactRepository artifacts, InMemoryOperationRepository operations) {
        this.artifacts = artifacts;
        this.operations = operations;
    }

    @Override
    public boolean plan(Fence fence, StorageTier to) {
        synchronized (operations) {
            synchronized (artifacts) {
                if (!operations.holds(fence)) {
                    return false;
                }
                JobId job = operations.findById(fence.operation()).orElseThrow().job();
                List<Artifact> planned = new ArrayList<>();
                PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
                for (Page<Artifact> stored; ; page = new PageRequest(stored.next(), PageRequest.MAX_LIMIT)) {
                    stored = artifacts.listByJob(job, new ArtifactFilter(null, ArtifactState.STORED), page);
                    stored.items().stream().filter(artifact -> artifact.location().tier() != to).forEach(planned::add);
                    if (stored.next() == null) {
                        return operations.addSteps(fence, planned);
                    }
                }
            }
        }
    }

    @Override
    public List<OpenStep> openSteps(OperationId id, ArtifactId after, int limit) {
        synchronized (operations) {
            synchronized (artifacts) {
                return operations.openSteps(id, after, limit).stream()
                        .map(step -> new OpenStep(step, artifacts.findById(step).orElse(null))).toList();
            }
        }
    }
}
