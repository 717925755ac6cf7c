package io.runvault.bootstrap;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.runvault.adapters.out.s3.ArchiveSettings;
import io.runvault.adapters.out.s3.S3ArtifactStorage;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The real S3 store with a failure switch and a gate, for tests: after a set number of copies the store "goes
 * down" (the last copy lands but its answer is lost, as when a connection drops), and listings can be held at a
 * gate. It counts the copies that really landed per destination, to show that nothing is copied twice.
 */
@Singleton
@Replaces(ArtifactStorage.class)
@Requires(property = "runvault.test.storage", value = "faulty")
class FaultyStorage implements ArtifactStorage {
    private final S3ArtifactStorage store;
    private final AtomicInteger copiesBeforeOutage = new AtomicInteger(Integer.MAX_VALUE);
    private final Map<StorageLocation, AtomicInteger> landed = new ConcurrentHashMap<>();
    private volatile CountDownLatch listGate;
    private volatile CountDownLatch copyGate;
    private final AtomicInteger copiesHeld = new AtomicInteger();
    private final AtomicInteger copiesReturned = new AtomicInteger();

    FaultyStorage(S3Client s3, S3Presigner presigner, S3Settings settings, ArchiveSettings archive) {
        this.store = new S3ArtifactStorage(s3, presigner, settings, archive);
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
        CountDownLatch gate = copyGate;
        if (gate != null) {
            copiesHeld.incrementAndGet();
            await(gate);
            copiesHeld.decrementAndGet();
        }
        try {
            copyOrFail(from, to);
        } finally {
            copiesReturned.incrementAndGet();
        }
    }

    private void copyOrFail(StorageLocation from, StorageLocation to) {
        int left = copiesBeforeOutage.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n - 1);
        if (left <= 0) {
            throw new UncheckedIOException(new IOException("connection refused (the test's outage)"));
        }
        store.copy(from, to);
        landed.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
        if (left == 1) {
            throw new UncheckedIOException(new IOException("connection reset before the answer (the test's outage)"));
        }
    }

    @Override
    public KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken) {
        CountDownLatch gate = listGate;
        if (gate != null) {
            await(gate);
        }
        return store.list(tier, prefix, pageToken);
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
    public StoredObject putIfAbsent(StorageKey key, InputStream content, DeclaredLength length) {
        return store.putIfAbsent(key, content, length);
    }

    @Override
    public Optional<StoredObject> head(StorageKey key) {
        return store.head(key);
    }

    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl) {
        return store.presignPut(key, ttl);
    }

    @Override
    public PresignedUrl presignStagingPut(StorageKey staging, Duration ttl) {
        return store.presignStagingPut(staging, ttl);
    }

    @Override
    public PresignedUrl presignGet(StorageKey key, Duration ttl) {
        return store.presignGet(key, ttl);
    }

    @Override
    public InputStream open(StorageKey key) {
        return store.open(key);
    }

    @Override
    public void delete(StorageKey key) {
        store.delete(key);
    }

    @Override
    public Optional<StoredObject> head(StorageLocation at) {
        return store.head(at);
    }

    @Override
    public PresignedUrl presignGet(StorageLocation at, Duration ttl) {
        return store.presignGet(at, ttl);
    }

    @Override
    public void delete(StorageLocation at) {
        store.delete(at);
    }

    @Override
    public int deleteAll(StorageTier tier, List<StorageKey> keys) {
        return store.deleteAll(tier, keys);
    }

    @Override
    public int abortUploads(StorageTier tier, StoragePrefix prefix) {
        return store.abortUploads(tier, prefix);
    }
}
