package io.runvault.application.service.operations;

import io.runvault.application.ClaimLost;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.AuditLog;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.application.port.out.MoveRecords.StepEnd;
import io.runvault.application.port.out.MoveSteps;
import io.runvault.application.port.out.MoveSteps.OpenStep;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Step of verify operations (the scrub): every stored artifact's object is looked up where its row says it is and
 * compared with the row's size and SHA-256; then every object under the job's prefixes that no row accounts for is
 * listed. Drift (an object replaced or removed behind Runvault's back, a stray object) is recorded on the operation
 * and in the audit log, and never repaired: which side is right is for an admin to decide. The steps are taken a page
 * at a time, each read with its artifact's row in one query, their lookups a few at once, and their outcomes recorded
 * in one transaction fenced by the claim: a runner that lost it records nothing of the page.
 */
public final class VerifyArtifacts {
    private static final int BATCH = 200;
    static final String DRIFT = "VERIFY drift";

    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final OperationRepository operations;
    private final MoveSteps steps;
    private final MoveRecords records;
    private final TieredObjects objects;
    private final StoredKeys storedKeys;
    private final AuditLog audit;
    private final int parallelism;

    /**
     * @param parallelism objects looked up at the same time: each lookup is a round trip to the store, so a few at
     *                    once cut a scrub's time without loading the store much
     */
    public VerifyArtifacts(JobRepository jobs, ArtifactRepository artifacts, OperationRepository operations,
            MoveSteps steps, MoveRecords records, TieredObjects objects, StoredKeys storedKeys, AuditLog audit,
            int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive");
        }
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.operations = operations;
        this.steps = steps;
        this.records = records;
        this.objects = objects;
        this.storedKeys = storedKeys;
        this.audit = audit;
        this.parallelism = parallelism;
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
        // Platform threads: a lookup is a blocking round trip to the store, as an archive's copy is.
        try (ExecutorService lookups = Executors.newFixedThreadPool(parallelism,
                Thread.ofPlatform().name("runvault-verify-lookup-", 1).daemon(true).factory())) {
            ArtifactId after = null;
            for (List<OpenStep> page; !(page = steps.openSteps(operation.id(), after, BATCH)).isEmpty(); ) {
                // A runner stalled past its lease starts no further lookups once it wakes up.
                MoveArtifacts.requireClaim(operations, fence, "before checking artifact " + page.getFirst().step());
                check(operation, fence, page, lookups);
                after = page.getLast().step();
            }
        }
        strays(operation, fence, job);
        return null;
    }

    /** Looks up a page's objects, then records every step's outcome in one write fenced by the claim. */
    private void check(Operation operation, Fence fence, List<OpenStep> page, ExecutorService lookups) {
        List<Future<String>> drifts = new ArrayList<>(page.size());
        for (OpenStep step : page) {
            Artifact artifact = step.artifact();
            // A row gone or no longer stored (purged, or replaced by a retry meanwhile) has nothing to compare.
            drifts.add(artifact == null || !artifact.isStored() ? CompletableFuture.completedFuture(null)
                    : lookups.submit(() -> drift(artifact)));
        }
        List<StepEnd> ends = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            String drift = outcome(drifts.get(i));
            ArtifactId step = page.get(i).step();
            ends.add(drift == null ? StepEnd.done(step) : StepEnd.failed(step, drift));
        }
        if (records.record(fence, List.of(), ends).isEmpty()) {
            throw new ClaimLost(fence, "recording the checks of artifacts from " + page.getFirst().step());
        }
        for (StepEnd end : ends) {
            if (!end.isDone()) {
                audit.append(new AuditEntry.New(RunOperation.SYSTEM, DRIFT, "job " + operation.job() + " operation "
                        + operation.id() + " artifact " + end.artifact(), end.failure()));
            }
        }
    }

    /**
     * A lookup's drift. A lookup that failed (the store is down) stops the check with nothing of its page recorded:
     * a resumed run looks at those objects again.
     */
    private static String outcome(Future<String> drift) {
        try {
            return drift.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking artifacts", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("checking an artifact failed", e.getCause());
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
