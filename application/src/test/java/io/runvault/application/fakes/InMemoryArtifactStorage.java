package io.runvault.application.fakes;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.ArtifactStorage;
import io.runvault.domain.Checksum;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Fake: an {@link ArtifactStorage} in a map, for use-case tests; its presigned URLs point nowhere. */
public final class InMemoryArtifactStorage implements ArtifactStorage {
    private final Map<StorageKey, byte[]> objects = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryArtifactStorage() {
        this(Clock.systemUTC());
    }

    public InMemoryArtifactStorage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StoredObject putIfAbsent(StorageKey key, InputStream content, long contentLength) {
        if (objects.containsKey(key)) {
            throw new ArtifactAlreadyExists(key);
        }
        byte[] body;
        try {
            // A fake may hold the whole body; the real adapters may not.
            body = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the body for " + key, e);
        }
        if (contentLength != UNKNOWN_LENGTH && body.length != contentLength) {
            throw new UncheckedIOException(new IOException(
                    "body of " + key + " has " + body.length + " bytes, " + contentLength + " were declared"));
        }
        if (objects.putIfAbsent(key, body) != null) {
            throw new ArtifactAlreadyExists(key);
        }
        return describe(key, body);
    }

    @Override
    public Optional<StoredObject> head(StorageKey key) {
        return Optional.ofNullable(objects.get(key)).map(body -> describe(key, body));
    }

    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl) {
        return presign("put", key, ttl);
    }

    @Override
    public PresignedUrl presignGet(StorageKey key, Duration ttl) {
        return presign("get", key, ttl);
    }

    @Override
    public InputStream open(StorageKey key) {
        byte[] body = objects.get(key);
        if (body == null) {
            throw new ArtifactNotFound(key);
        }
        return new ByteArrayInputStream(body);
    }

    @Override
    public void delete(StorageKey key) {
        objects.remove(key);
    }

    private PresignedUrl presign(String method, StorageKey key, Duration ttl) {
        return new PresignedUrl(URI.create("memory:///" + key.value() + "?method=" + method),
                clock.instant().plus(ttl));
    }

    private static StoredObject describe(StorageKey key, byte[] body) {
        try {
            return new StoredObject(key, body.length, Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(body)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
