package io.runvault.application.fakes;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.CopyNotVerified;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.RangedReads;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.Artifact;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Fake: every storage port at once, over a sorted map per location, for use-case tests; its presigned URLs point
 * nowhere. Lists come in pages of {@value #PAGE} keys, so callers' paging is exercised with a handful of objects.
 */
public final class InMemoryArtifactStorage
        implements ArtifactObjects, ArtifactLinks, TieredObjects, StoredKeys, StoragePurge, RangedReads {
    static final int PAGE = 2;
    private final ConcurrentSkipListMap<StorageLocation, byte[]> objects = new ConcurrentSkipListMap<>(
            Comparator.comparing(StorageLocation::tier).thenComparing(location -> location.key().value()));
    private final Clock clock;

    public InMemoryArtifactStorage() {
        this(Clock.systemUTC());
    }

    public InMemoryArtifactStorage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StoredObject putIfAbsent(StorageKey key, InputStream content, DeclaredLength length) {
        StorageLocation at = StorageLocation.primary(key);
        if (objects.containsKey(at)) {
            throw new ArtifactAlreadyExists(key);
        }
        byte[] body;
        try {
            // A fake may hold the whole body; the real adapters may not.
            body = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the body for " + key, e);
        }
        if (length.isKnown() && body.length != length.bytes().getAsLong()) {
            throw new UncheckedIOException(new IOException(
                    "body of " + key + " has " + body.length + " bytes, " + length + " were declared"));
        }
        if (objects.putIfAbsent(at, body) != null) {
            throw new ArtifactAlreadyExists(key);
        }
        return describe(key, body);
    }

    @Override
    public Optional<StoredObject> head(StorageKey key) {
        return head(StorageLocation.primary(key));
    }

    @Override
    public PresignedUrl presignPut(StorageKey key, Duration ttl) {
        return presign("put", StorageLocation.primary(key), ttl);
    }

    @Override
    public PresignedUrl presignStagingPut(StorageKey staging, Duration ttl) {
        return presign("put-staging", StorageLocation.primary(staging), ttl);
    }

    @Override
    public InputStream open(StorageKey key) {
        byte[] body = objects.get(StorageLocation.primary(key));
        if (body == null) {
            throw new ArtifactNotFound(key);
        }
        return new ByteArrayInputStream(body);
    }

    @Override
    public InputStream openRange(StorageLocation at, long offset, long length) {
        byte[] body = objects.get(at);
        if (body == null) {
            throw new ArtifactNotFound(at.key());
        }
        int from = (int) Math.min(offset, body.length);
        return new ByteArrayInputStream(body, from, (int) Math.min(length, body.length - from));
    }

    @Override
    public void delete(StorageKey key) {
        delete(StorageLocation.primary(key));
    }

    @Override
    public void copy(StorageLocation from, StorageLocation to) {
        byte[] body = objects.get(from);
        if (body == null) {
            throw new ArtifactNotFound(from.key());
        }
        if (objects.putIfAbsent(to, body) != null) {
            throw new ArtifactAlreadyExists(to.key());
        }
    }

    /** Checks the bytes against the row, as a store without tags would be asked; the archive tier is written over. */
    @Override
    public StoredObject copyArtifact(Artifact artifact, StorageLocation to) {
        byte[] body = objects.get(artifact.location());
        if (body == null) {
            throw new ArtifactNotFound(artifact.location().key());
        }
        StoredObject found = describe(artifact.location().key(), body);
        if (found.size() != artifact.size() || !found.sha256().equals(artifact.checksum())) {
            throw new CopyNotVerified(artifact, artifact.location(), found.size() + " bytes, " + found.sha256());
        }
        if (to.tier() == StorageTier.ARCHIVE) {
            objects.put(to, body);
        } else if (objects.putIfAbsent(to, body) != null) {
            throw new ArtifactAlreadyExists(to.key());
        }
        return describe(to.key(), body);
    }

    @Override
    public Optional<StoredObject> head(StorageLocation at) {
        return Optional.ofNullable(objects.get(at)).map(body -> describe(at.key(), body));
    }

    @Override
    public PresignedUrl presignGet(StorageLocation at, Duration ttl) {
        return presign("get", at, ttl);
    }

    @Override
    public void delete(StorageLocation at) {
        objects.remove(at);
    }

    @Override
    public KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken) {
        List<StorageKey> keys = objects.keySet().stream()
                .filter(location -> location.tier() == tier && prefix.contains(location.key()))
                .map(StorageLocation::key)
                .filter(key -> pageToken == null || key.value().compareTo(pageToken) > 0)
                .limit(PAGE + 1L)
                .toList();
        if (keys.size() <= PAGE) {
            return new KeyPage(keys, null);
        }
        List<StorageKey> page = keys.subList(0, PAGE);
        return new KeyPage(page, page.getLast().value());
    }

    @Override
    public int deleteAll(StorageTier tier, List<StorageKey> keys) {
        keys.forEach(key -> objects.remove(new StorageLocation(tier, key)));
        return keys.size();
    }

    /** This fake has no multipart uploads, so there is never one to abort. */
    @Override
    public int abortUploads(StorageTier tier, StoragePrefix prefix) {
        return 0;
    }

    private PresignedUrl presign(String method, StorageLocation at, Duration ttl) {
        return new PresignedUrl(URI.create("memory:///" + at.tier().name().toLowerCase() + "/" + at.key().value()
                + "?method=" + method), clock.instant().plus(ttl),
                method.equals("put") ? Map.of("If-None-Match", "*") : Map.of());
    }

    private static StoredObject describe(StorageKey key, byte[] body) {
        try {
            Checksum sha256 = Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(body));
            // A tag per content, as S3's ETag of a single-part object.
            return new StoredObject(key, body.length, sha256, "\"" + sha256.value().substring(0, 32) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
