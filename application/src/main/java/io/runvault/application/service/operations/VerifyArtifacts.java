package io.runvault.application.service.operations;

import io.runvault.application.ClaimLost;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.application.port.out.TieredObjects;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Operation;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Step of verify operations (the scrub): every stored artifact's object is looked up where its row says it is and
 * compared with the row's size and SHA-256; then every object under the job's prefixes that no row accounts for is
 * listed. Drift (an object replaced or removed behind Runvault's back, a stray object) is recorded on the operation
 * and in the audit log, and never repaired: which side is right is for an admin to decide.
 */
public final class VerifyArtifacts {
    private static final int BATCH = 200;
    static final String DRIFT = "VERIFY drift";

    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final OperationRepository operations;
    private final TieredObjects objects;
    private final StoredKeys storedKeys;
    private final AuditLog audit;

    public VerifyArtifacts(JobRepository jobs, ArtifactRepository artifacts, OperationRepository operations,
            TieredObjects objects, StoredKeys storedKeys, AuditLog audit) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.operations = operations;
        this.objects = objects;
        this.storedKeys = storedKeys;
        this.audit = audit;
    }

    /** Returns why the check stopped early, or null when every artifact and object was looked at. */
    String verify(Operation operation, Fence fence) {
        Optional<Job> found = jobs.findById(operation.job());
        if (found.isEmpty() || found.get().status() == JobStatus.PURGING) {
            return "job " + operation.job() + (found.isEmpty() ? " no longer exists" : " is being purged");
        }
        Job job = found.get();
        eachArtifact(operation, new ArtifactFilter(null, ArtifactState.STORED), page -> {
            if (!operations.addSteps(fence, page)) {
                throw new ClaimLost(fence, "planning");
            }
        });
        ArtifactId after = null;
        for (List<ArtifactId> steps; !(steps = operations.openSteps(operation.id(), after, BATCH)).isEmpty(); ) {
            for (ArtifactId step : steps) {
                MoveArtifacts.requireClaim(operations, fence, "before checking artifact " + step);
                check(operation, fence, step);
            }
            after = steps.getLast();
        }
        strays(operation, fence, job);
        return null;
    }

    private void check(Operation operation, Fence fence, ArtifactId step) {
        Optional<Artifact> row = artifacts.findById(step);
        String drift = row.filter(Artifact::isStored).map(this::drift).orElse(null);
        boolean recorded = drift == null ? operations.stepDone(fence, step) : operations.stepFailed(fence, step, drift);
        if (!recorded) {
            throw new ClaimLost(fence, "recording the check of artifact " + step);
        }
        if (drift != null) {
            audit.append(new AuditEntry.New(RunOperation.SYSTEM, DRIFT, "job " + operation.job() + " operation "
                    + operation.id() + " artifact " + step, drift));
        }
    }

    /** What differs between the row and the object where the row says it is, or null when they agree. */
    private String drift(Artifact artifact) {
        Optional<StoredObject> object = objects.head(artifact.location());
        if (object.isEmpty()) {
            return "missing: no object at " + artifact.location();
        }
        StoredObject stored = object.get();
        if (stored.size() == artifact.size() && stored.sha256().equals(artifact.checksum())) {
            return null;
        }
        return "replaced: the object at " + artifact.location() + " has " + stored.size() + " bytes, SHA-256 "
                + stored.sha256().value() + "; its row says " + artifact.size() + " bytes, SHA-256 "
                + artifact.checksum().value();
    }

    /** Objects under the job's prefixes that are neither an artifact's own key nor its archived copy's. */
    private void strays(Operation operation, Fence fence, Job job) {
        Set<StorageKey> primary = new HashSet<>();
        Set<StorageKey> archived = new HashSet<>();
        eachArtifact(operation, ArtifactFilter.all(), page -> page.forEach(artifact -> {
            primary.add(artifact.key());
            archived.add(job.prefix().archiveKeyFor(artifact.key()));
        }));
        for (StorageTier tier : StorageTier.values()) {
            StoragePrefix prefix = tier == StorageTier.PRIMARY ? job.prefix().primary() : job.prefix().archived();
            Set<StorageKey> known = tier == StorageTier.PRIMARY ? primary : archived;
            String token = null;
            do {
                StoredKeys.KeyPage page = storedKeys.list(tier, prefix, token);
                for (StorageKey key : page.keys()) {
                    if (!known.contains(key)) {
                        String stray = "stray: an object in the " + tier.name().toLowerCase()
                                + " store that no artifact row accounts for";
                        if (!operations.addFinding(fence, key, stray)) {
                            throw new ClaimLost(fence, "recording a stray object");
                        }
                        audit.append(new AuditEntry.New(RunOperation.SYSTEM, DRIFT, "job " + operation.job()
                                + " operation " + operation.id() + " " + key.value(), stray));
                    }
                }
                token = page.nextToken();
            } while (token != null);
        }
    }

    private void eachArtifact(Operation operation, ArtifactFilter filter, Consumer<List<Artifact>> pages) {
        PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Artifact> page = artifacts.listByJob(operation.job(), filter, request);
            pages.accept(page.items());
            if (page.next() == null) {
                return;
            }
            request = new PageRequest(page.next(), PageRequest.MAX_LIMIT);
        }
    }
}
