package io.runvault.application.fakes;

import io.runvault.application.contract.StoragePortsContract;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.application.port.out.TieredObjects;

/** The fake obeys the same contract as the real stores, so use-case tests built on it mean something. */
class InMemoryArtifactStorageTest extends StoragePortsContract {
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();

    @Override
    protected ArtifactObjects objects() {
        return storage;
    }

    @Override
    protected ArtifactLinks links() {
        return storage;
    }

    @Override
    protected TieredObjects tiers() {
        return storage;
    }

    @Override
    protected StoredKeys keys() {
        return storage;
    }

    @Override
    protected StoragePurge purge() {
        return storage;
    }
}
