package io.runvault.application.fakes;

import io.runvault.application.contract.ArtifactStorageContract;
import io.runvault.application.port.out.ArtifactStorage;

/** The fake obeys the same contract as the real stores, so use-case tests built on it mean something. */
class InMemoryArtifactStorageTest extends ArtifactStorageContract {
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();

    @Override
    protected ArtifactStorage storage() {
        return storage;
    }
}
