package io.runvault.bootstrap;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.runvault.adapters.out.s3.ArchiveSettings;
import io.runvault.adapters.out.s3.S3Store;
import io.runvault.adapters.out.s3.S3StoredKeys;
import io.runvault.adapters.out.s3.S3TieredObjects;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.Artifact;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The real S3 store's copies and listings with a failure switch and a gate, for tests: after a set number of copies
 * the store "goes down" (the last copy lands but its answer is lost, as when a connection drops), and listings can be
 * held at a gate. It counts the copies that really landed per destination, to show that nothing is copied twice.
 * Only the ports whose calls the tests fail or hold are replaced; tests inject this class itself to work the switches.
 */
@Singleton
@Bean(typed = FaultyStorage.class)
@Requires(property = "runvault.test.storage", value = "faulty")
class FaultyStorage implements TieredObjects, StoredKeys {
    private final S3TieredObjects copies;
    private final S3StoredKeys listings;
    private final AtomicInteger copiesBeforeOutage = new AtomicInteger(Integer.MAX_VALUE);
    private final Map<StorageLocation, AtomicInteger> landed = new ConcurrentHashMap<>();
    private volatile CountDownLatch listGate;
    private volatile CountDownLatch copyGate;
    private final AtomicInteger copiesHeld = new AtomicInteger();
    private final AtomicInteger copiesReturned = new AtomicInteger();

    FaultyStorage(S3Store store, ArchiveSettings archive) {
        this.copies = new S3TieredObjects(store, archive);
        this.listings = new S3StoredKeys(store);
        store.createBucketIfMissing();
    }

    /** The store fails every copy after the next {@code copies} (the last of which lands unacknowledged). */
    void failCopiesAfter(int copies) {
        copiesBeforeOutage.set(copies);
    }

    void recover() {
        copiesBeforeOutage.set(Integer.MAX_VALUE);
    }

    /** Listings wait until the returned latch is counted down. */
    CountDownLatch holdListings() {
        listGate = new CountDownLatch(1);
        return listGate;
    }

    /** Copies wait, before they reach the store, until the returned latch is counted down: a runner stalled midway. */
    CountDownLatch holdCopies() {
        copyGate = new CountDownLatch(1);
        return copyGate;
    }

    /** Copies waiting at the gate now. */
    int copiesHeld() {
        return copiesHeld.get();
    }

    /** Copies that came back from the store, landed or refused. */
    int copiesReturned() {
        return copiesReturned.get();
    }

    Map<StorageLocation, AtomicInteger> landedCopies() {
        return landed;
    }

    @Override
    public void copy(StorageLocation from, StorageLocation to) {
        copyThroughSwitches(to, () -> {
            copies.copy(from, to);
            return null;
        });
    }

    @Override
    public StoredObject copyArtifact(Artifact artifact, StorageLocation to) {
        return copyThroughSwitches(to, () -> copies.copyArtifact(artifact, to));
    }

    private <T> T copyThroughSwitches(StorageLocation to, Supplier<T> copy) {
        CountDownLatch gate = copyGate;
        if (gate != null) {
            copiesHeld.incrementAndGet();
            await(gate);
            copiesHeld.decrementAndGet();
        }
        try {
            return copyOrFail(to, copy);
        } finally {
            copiesReturned.incrementAndGet();
        }
    }

    private <T> T copyOrFail(StorageLocation to, Supplier<T> copy) {
        int left = copiesBeforeOutage.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n - 1);
        if (left <= 0) {
            throw new UncheckedIOException(new IOException("connection refused (the test's outage)"));
        }
        T copied = copy.get();
        landed.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
        if (left == 1) {
            throw new UncheckedIOException(new IOException("connection reset before the answer (the test's outage)"));
        }
        return copied;
    }

    @Override
    public KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken) {
        CountDownLatch gate = listGate;
        if (gate != null) {
            await(gate);
        }
        return listings.list(tier, prefix, pageToken);
    }

    private static void await(CountDownLatch gate) {
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<StoredObject> head(StorageLocation at) {
        return copies.head(at);
    }

    @Override
    public void delete(StorageLocation at) {
        copies.delete(at);
    }

    /** Puts the double in place of the S3 adapters for the ports it wraps; the others stay the S3 ones. */
    @Factory
    @Requires(property = "runvault.test.storage", value = "faulty")
    static class InPlace {
        @Singleton
        @Replaces(S3TieredObjects.class)
        TieredObjects tiers(FaultyStorage faulty) {
            return faulty;
        }

        @Singleton
        @Replaces(S3StoredKeys.class)
        StoredKeys keys(FaultyStorage faulty) {
            return faulty;
        }
    }
}
