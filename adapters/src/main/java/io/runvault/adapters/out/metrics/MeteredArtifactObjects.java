package io.runvault.adapters.out.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoredObject;
import java.io.InputStream;
import java.util.Optional;

/**
 * Adapter decorator: counts the bytes stored through the server and the writes that failed, so the use cases stay
 * free of metrics. Presigned uploads go straight to the store and are not counted here.
 */
public final class MeteredArtifactObjects implements ArtifactObjects {
    static final String BYTES = "runvault.uploads.bytes";
    static final String STORED = "runvault.uploads.stored";
    static final String FAILURES = "runvault.uploads.failures";

    private final ArtifactObjects delegate;
    private final Counter bytes;
    private final Counter stored;
    private final Counter exists;
    private final Counter failed;

    public MeteredArtifactObjects(ArtifactObjects delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.bytes = Counter.builder(BYTES).baseUnit("bytes")
                .description("Bytes of artifacts stored through the server").register(registry);
        this.stored = Counter.builder(STORED).description("Artifacts stored through the server").register(registry);
        this.exists = failureCounter(registry, "exists");
        this.failed = failureCounter(registry, "error");
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
    public InputStream open(StorageKey key) {
        return delegate.open(key);
    }

    @Override
    public byte[] readStart(StorageKey key, int length) {
        return delegate.readStart(key, length);
    }

    @Override
    public void delete(StorageKey key) {
        delegate.delete(key);
    }
}
