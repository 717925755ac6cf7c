package io.runvault.application.service.artifacts;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.in.artifacts.NoticeStagedUploadsUseCase;
import io.runvault.domain.ArtifactFilter;
import io.runvault.application.port.out.ArtifactClaims;
import io.runvault.application.port.out.ArtifactClaims.Granted;
import io.runvault.application.port.out.ArtifactClaims.HeldElsewhere;
import io.runvault.application.port.out.ArtifactClaims.Stored;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.StoredKeys.KeyPage;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import io.runvault.domain.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Use case: promote staged uploads. Only the holder of the artifact's write claim writes its key, create-only, so
 * whichever writer Postgres lets through first stays (a later PUT to the staging key only ever changes the staging
 * key); what is recorded is what is at the key.
 */
public final class NoticeStagedUploads implements NoticeStagedUploadsUseCase {
    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final ArtifactObjects objects;
    private final StoredKeys storedKeys;
    private final ArtifactClaims claims;

    public NoticeStagedUploads(JobRepository jobs, ArtifactRepository artifacts, ArtifactObjects objects,
            StoredKeys storedKeys, ArtifactClaims claims) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.claims = claims;
        this.objects = objects;
        this.storedKeys = storedKeys;
    }

    @Override
    public int notice(JobId id) {
        Optional<Job> found = jobs.findById(id);
        if (found.isEmpty() || found.get().status() == JobStatus.PURGING) {
            // A purged (or purging) job's leftovers go with the sweep that finds them.
            if (found.isEmpty()) {
                keys(JobS3Prefix.stagedOf(id))
                        .forEach(key -> objects.delete(key));
            }
            return 0;
        }
        Job job = found.get();
        Set<StorageKey> staged = keys(job.prefix().staged());
        // Presigned single PUTs wait there too, each at a key of its own: their completion copies them, not this.
        staged.removeIf(JobS3Prefix::isUploadKey);
        if (staged.isEmpty()) {
            return 0;
        }
        int stored = 0;
        for (Artifact artifact : artifactsOf(job)) {
            StorageKey staging = job.prefix().stagingKeyFor(artifact.key());
            if (!staged.contains(staging)) {
                continue;
            }
            Promotion promotion = artifact.isStored() ? Promotion.TAKEN : promote(job, artifact, staging);
            if (promotion == Promotion.BUSY) {
                // Another writer holds the artifact's claim: its outcome decides, and a later sweep comes back.
                continue;
            }
            if (promotion == Promotion.STORED) {
                stored++;
            }
            // Stored now (by this promotion or an earlier one): what is still staged is a later PUT, and goes.
            objects.delete(staging);
        }
        return stored;
    }

    @Override
    public int noticeAll() {
        Set<JobId> withStaged = new LinkedHashSet<>();
        keys(JobS3Prefix.stagingRoot()).forEach(key -> JobS3Prefix.jobOfStaged(key).ifPresent(withStaged::add));
        int stored = 0;
        for (JobId job : withStaged) {
            stored += notice(job);
        }
        return stored;
    }

    /** What became of a staged upload. */
    private enum Promotion {
        /** Its bytes are now the artifact's. */
        STORED,
        /** The artifact is stored already, or the staged object is gone: nothing is left to promote. */
        TAKEN,
        /** Another writer holds the artifact's claim. */
        BUSY
    }

    /**
     * Under the artifact's write claim, like every other writer, so Postgres decides between a promotion and a
     * results PUT of the same artifact even on a store that ignores If-None-Match. The bytes are streamed through
     * this process with a create-only PUT (a store-side copy would be a check, then a copy) and hashed on the way.
     */
    private Promotion promote(Job job, Artifact artifact, StorageKey staging) {
        return switch (claims.claim(artifact.identity(), artifact.key())) {
            case Stored stored -> Promotion.TAKEN;
            case HeldElsewhere held -> Promotion.BUSY;
            case Granted granted -> promote(job, granted, staging);
        };
    }

    private Promotion promote(Job job, Granted claim, StorageKey staging) {
        try (claim) {
            Artifact artifact = claim.artifact();
            Optional<StoredObject> object;
            try (InputStream bytes = objects.open(staging)) {
                object = Optional.of(objects.putIfAbsent(artifact.key(), bytes, DeclaredLength.unknown()));
            } catch (ArtifactAlreadyExists e) {
                // Left by a writer that died before recording it; head verifies what it is.
                object = objects.head(artifact.key());
            } catch (ArtifactNotFound e) {
                // Promoted and removed by a concurrent notice since the listing.
                return Promotion.TAKEN;
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + staging, e);
            }
            if (object.isEmpty()) {
                return Promotion.TAKEN;
            }
            if (claim.markStored(object.get().size(), object.get().sha256(), object.get().tag()).isEmpty()) {
                // The claim lapsed and another writer took it over: its outcome decides.
                return Promotion.BUSY;
            }
            if (artifact.identity().kind() == ArtifactKind.JOB_INPUT) {
                jobs.updateStatus(job.id(), JobStatus.CREATED, JobStatus.SUBMITTED);
            }
            return Promotion.STORED;
        }
    }

    private List<Artifact> artifactsOf(Job job) {
        List<Artifact> all = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Artifact> found = artifacts.listByJob(job.id(), ArtifactFilter.all(), page);
            all.addAll(found.items());
            if (found.next() == null) {
                return all;
            }
            page = new PageRequest(found.next(), PageRequest.MAX_LIMIT);
        }
    }

    private Set<StorageKey> keys(StoragePrefix prefix) {
        Set<StorageKey> keys = new HashSet<>();
        String token = null;
        do {
            KeyPage page = storedKeys.list(StorageTier.PRIMARY, prefix, token);
            keys.addAll(page.keys());
            token = page.nextToken();
        } while (token != null);
        return keys;
    }
}
