package io.runvault.application.fakes;

import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.application.port.out.ArtifactClaims;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** Fake of the artifact rows for use-case tests; passes the same contract as the Postgres adapter. */
public final class InMemoryArtifactRepository implements ArtifactRepository, ArtifactClaims {
    private Predicate<Fence> holds = fence -> true;

    private final Map<ArtifactId, Artifact> byId = new HashMap<>();
    private final Map<ArtifactId, Object> writers = new HashMap<>();
    private final Map<ArtifactIdentity, ArtifactId> byIdentity = new HashMap<>();
    private long ids;
    private long seq;

    @Override
    public synchronized Artifact reserve(ArtifactIdentity identity, StorageKey key) {
        ArtifactId existing = byIdentity.get(identity);
        if (existing != null) {
            return byId.get(existing);
        }
        var artifact = new Artifact(new ArtifactId(++ids), identity, key, ArtifactState.PENDING, null, null, null);
        byId.put(artifact.id(), artifact);
        byIdentity.put(identity, artifact.id());
        return artifact;
    }

    @Override
    public synchronized Claim claim(ArtifactIdentity identity, StorageKey key) {
        boolean existed = byIdentity.containsKey(identity);
        Artifact artifact = reserve(identity, key);
        if (artifact.isStored()) {
            return new Stored(artifact);
        }
        if (writers.containsKey(artifact.id())) {
            return new HeldElsewhere(artifact);
        }
        Object writer = new Object();
        writers.put(artifact.id(), writer);
        return new Granted() {
            @Override
            public Artifact artifact() {
                return artifact;
            }

            @Override
            public boolean mayHaveLeftover() {
                return existed;
            }

            @Override
            public boolean held() {
                synchronized (InMemoryArtifactRepository.this) {
                    return writers.get(artifact.id()) == writer;
                }
            }

            @Override
            public Optional<Artifact> markStored(long size, Checksum checksum, String tag) {
                synchronized (InMemoryArtifactRepository.this) {
                    if (!held()) {
                        return Optional.empty();
                    }
                    writers.remove(artifact.id());
                    Artifact stored = InMemoryArtifactRepository.this.markStored(artifact.id(), size, checksum);
                    stored = stored.at(stored.location(), tag);
                    byId.put(stored.id(), stored);
                    return Optional.of(stored);
                }
            }

            @Override
            public void close() {
                synchronized (InMemoryArtifactRepository.this) {
                    writers.remove(artifact.id(), writer);
                }
            }
        };
    }

    @Override
    public Optional<Artifact> awaitOutcome(ArtifactId id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            synchronized (this) {
                Artifact artifact = byId.get(id);
                if (artifact == null || artifact.isStored() || !writers.containsKey(id)
                        || System.nanoTime() > deadline) {
                    return Optional.ofNullable(artifact);
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** As if the writer holding the artifact's claim had died and its lease run out. */
    public synchronized void lapseClaim(ArtifactId id) {
        writers.remove(id);
    }

    @Override
    public synchronized Optional<Artifact> findById(ArtifactId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Artifact markStored(ArtifactId id, long size, Checksum checksum) {
        Artifact artifact = byId.get(id);
        if (artifact == null) {
            throw new ArtifactNotFound(id);
        }
        if (artifact.isStored()) {
            return artifact;
        }
        var stored = new Artifact(id, artifact.identity(), artifact.key(), ArtifactState.STORED, size, checksum, ++seq);
        byId.put(id, stored);
        return stored;
    }

    @Override
    public synchronized Page<Artifact> listByJob(JobId job, ArtifactFilter filter, PageRequest page) {
        var fetched = byId.values().stream()
                .filter(a -> a.belongsTo(job))
                .filter(a -> filter.kind() == null || a.identity().kind() == filter.kind())
                .filter(a -> filter.state() == null || a.state() == filter.state())
                .filter(a -> page.after() == null || a.id().value() > page.after())
                .sorted(Comparator.comparingLong(a -> a.id().value()))
                .limit(page.limit() + 1L)
                .toList();
        return Page.of(fetched, page.limit(), a -> a.id().value());
    }

    @Override
    public synchronized boolean relocate(ArtifactId id, StorageLocation expected, StorageLocation target) {
        Artifact artifact = byId.get(id);
        if (artifact == null || !artifact.location().equals(expected)) {
            return false;
        }
        byId.put(id, artifact.at(target));
        return true;
    }

    /** {@link #relocate(ArtifactId, StorageLocation, StorageLocation)}, recording the tag of the object there. */
    synchronized boolean relocate(ArtifactId id, StorageLocation expected, StorageLocation target, String tag) {
        Artifact artifact = byId.get(id);
        if (artifact == null || !artifact.location().equals(expected)) {
            return false;
        }
        byId.put(id, artifact.at(target, tag));
        return true;
    }

    /** The claims fenced relocations check; unset, every fence holds. */
    public synchronized void fencedBy(Predicate<Fence> holds) {
        this.holds = holds;
    }

    @Override
    public synchronized boolean relocate(ArtifactId id, StorageLocation expected, StorageLocation target,
            Fence fence) {
        return holds.test(fence) && relocate(id, expected, target);
    }
}
