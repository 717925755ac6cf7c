package io.runvault.adapters.out.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Adapter decorator: counts the bytes stored through the server and the writes that failed, so the use cases stay
 * free of metrics. Presigned uploads go straight to the store and are not counted here.
 */
public final class MeteredArtifactStorage implements ArtifactStorage {
    static final String BYTES = "runvault.uploads.bytes";
    static final String STORED = "runvault.uploads.stored";
    static final String FAILURES = "runvault.uploads.failures";

    private final ArtifactStorage delegate;
    private final Counter bytes;
    private final Counter stored;
    private final Counter exists;
    private final Counter failed;

    public MeteredArtifactStorage(ArtifactStorage delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.bytes = Counter.builder(BYTES).baseUnit("bytes")
                .description("Bytes of artifacts stored through the server").register(registry);
        this.stored = Counter.builder(STORED).description("Artifacts stored through the server").register(registry);
        this.exists = failureCounter(registry, "exists");
        this.failed = failureCounter(registry, "error");
    }

    /** The storage being metered. */
    public ArtifactStorage delegate() {
        return delegate;
    }

    private static Counter failureCounter(MeterRegistry registry, String reason) {
        return Counter.builder(FAILURES).tag("reason", reason)
                .description("Writes through the server that stored nothing").register(registry);
    }

    @Override
    public StoredObject putIfAbsent(StorageKey key, InputStream content, DeclaredLength length) {
        try {
            StoredObject object = delegate.putIfAbsent(key, content, length);
            bytes.increment(object.size());
            stored.increment();
            return object;
        } catch (ArtifactAlreadyExists e) {
            exists.increment();
            throw e;
        } catch (RuntimeException | Error e) {
            failed.increment();
            throw e;
        }
    }

    @Override
    public Optional<StoredObject> head(StorageKey key) {
        return delegate.head(key);
    }

    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl) {
        return delegate.presignPut(key, ttl);
    }

    @Override
    public PresignedUrl presignStagingPut(StorageKey staging, Duration ttl) {
        return delegate.presignStagingPut(staging, ttl);
    }

    @Override
    public PresignedUrl presignGet(StorageKey key, Duration ttl) {
        return delegate.presignGet(key, ttl);
    }

    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl, Checksum sha256) {
        return delegate.presignPut(key, ttl, sha256);
    }

    @Override
    public byte[] readStart(StorageKey key, int length) {
        return delegate.readStart(key, length);
    }

    @Override
    public InputStream open(StorageKey key) {
        return delegate.open(key);
    }

    @Override
    public void delete(StorageKey key) {
        delegate.delete(key);
    }

    @Override
    public void copy(StorageLocation from, StorageLocation to) {
        delegate.copy(from, to);
    }

    @Override
    public Optional<StoredObject> head(StorageLocation at) {
        return delegate.head(at);
    }

    @Override
    public PresignedUrl presignGet(StorageLocation at, Duration ttl) {
        return delegate.presignGet(at, ttl);
    }

    @Override
    public void delete(StorageLocation at) {
        delegate.delete(at);
    }

    @Override
    public KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken) {
        return delegate.list(tier, prefix, pageToken);
    }

    @Override
    public int deleteAll(StorageTier tier, List<StorageKey> keys) {
        return delegate.deleteAll(tier, keys);
    }

    @Override
    public int abortUploads(StorageTier tier, StoragePrefix prefix) {
        return delegate.abortUploads(tier, prefix);
    }
}
