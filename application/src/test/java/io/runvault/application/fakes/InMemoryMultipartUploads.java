package io.runvault.application.fakes;

import io.runvault.application.port.out.MultipartUploads;
import io.runvault.domain.Checksum;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.PresignedUrl;
import io.runvault.domain.StorageKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Fake: multipart uploads held in memory, completed into an {@link InMemoryArtifactStorage}; its part URLs point
 * nowhere, so a test hands the bytes to {@link #acceptPart} as the store would take a client's PUT.
 */
public final class InMemoryMultipartUploads implements MultipartUploads {
    private final InMemoryArtifactStorage storage;
    private final Clock clock;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    public InMemoryMultipartUploads(InMemoryArtifactStorage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    private record Open(StorageKey key, long started, ConcurrentSkipListMap<Integer, byte[]> parts) {
    }

    @Override
    public Optional<String> findOpen(StorageKey key) {
        return open.entrySet().stream().filter(e -> e.getValue().key().equals(key))
                .min(Comparator.comparingLong(e -> e.getValue().started())).map(Map.Entry::getKey);
    }

    @Override
    public String start(StorageKey key) {
        String id = UUID.randomUUID().toString();
        open.put(id, new Open(key, System.nanoTime(), new ConcurrentSkipListMap<>()));
        return id;
    }

    @Override
    public PresignedUrl presignPart(StorageKey key, String uploadId, int number, Duration ttl, Checksum sha256) {
        Map<String, String> headers = sha256 == null ? Map.of() : Map.of("x-amz-checksum-sha256", sha256.value());
        return new PresignedUrl(URI.create("memory://uploads/" + uploadId + "/" + number), clock.instant().plus(ttl),
                headers);
    }

    /** What the store does with a client's PUT to a part URL. */
    public void acceptPart(PresignedUrl url, byte[] body) {
        String[] path = url.url().getPath().split("/");
        Open upload = open.get(path[1]);
        if (upload == null) {
            throw new IllegalStateException("no such upload " + path[1]);
        }
        upload.parts().put(Integer.parseInt(path[2]), body.clone());
    }

    @Override
    public List<Part> listParts(StorageKey key, String uploadId) {
        Open upload = require(key, uploadId);
        List<Part> parts = new ArrayList<>();
        upload.parts().forEach((number, body) -> parts.add(new Part(number, body.length, "etag-" + number)));
        return parts;
    }

    @Override
    public void complete(StorageKey key, String uploadId, List<Part> parts) {
        Open upload = require(key, uploadId);
        var body = new ByteArrayOutputStream();
        Map<Integer, byte[]> chosen = new LinkedHashMap<>();
        parts.forEach(p -> chosen.put(p.number(), upload.parts().get(p.number())));
        chosen.values().forEach(body::writeBytes);
        // Create-only, as on S3 with If-None-Match: a taken key refuses with ArtifactAlreadyExists.
        storage.putIfAbsent(key, new ByteArrayInputStream(body.toByteArray()), DeclaredLength.of(body.size()));
        open.remove(uploadId);
    }

    @Override
    public void abort(StorageKey key, String uploadId) {
        open.remove(uploadId);
    }

    private Open require(StorageKey key, String uploadId) {
        Open upload = open.get(uploadId);
        if (upload == null || !upload.key().equals(key)) {
            throw new InvalidValue("uploadId", "no such upload is open for " + key);
        }
        return upload;
    }
}
