package io.runvault.application.fakes;

import io.runvault.application.contract.RangedReadsContract;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.RangedReads;

/** The fake reads ranges as the real stores do. */
class InMemoryRangedReadsTest extends RangedReadsContract {
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();

    @Override
    protected ArtifactObjects objects() {
        return storage;
    }

    @Override
    protected RangedReads ranges() {
        return storage;
    }
}
