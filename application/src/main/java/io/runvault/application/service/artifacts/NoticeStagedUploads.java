package io.runvault.application.service.artifacts;

import io.runvault.application.ArtifactAlreadyExists;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.in.artifacts.NoticeStagedUploadsUseCase;
import io.runvault.domain.ArtifactFilter;
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
 * Use case: promote staged uploads. The write to the artifact's key is create-only, so whichever bytes reach it first
 * stay (a later PUT to the staging key only ever changes the staging key); what is recorded is what is at the key.
 */
public final class NoticeStagedUploads implements NoticeStagedUploadsUseCase {
    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final ArtifactObjects objects;
    private final StoredKeys storedKeys;

    public NoticeStagedUploads(JobRepository jobs, ArtifactRepository artifacts, ArtifactObjects objects,
            StoredKeys storedKeys) {
        this.jobs = jobs;
        this.artifacts = artifacts;
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
            if (!artifact.isStored() && promote(job, artifact, staging)) {
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

    private boolean promote(Job job, Artifact artifact, StorageKey staging) {
        // Streamed through this process with a create-only PUT (a store-side copy would be a check, then a copy):
        // whichever bytes reach the key first stay, and the checksum is taken on the way.
        Optional<StoredObject> object;
        try (InputStream bytes = objects.open(staging)) {
            object = Optional.of(objects.putIfAbsent(artifact.key(), bytes, DeclaredLength.unknown()));
        } catch (ArtifactAlreadyExists e) {
            object = objects.head(artifact.key());
        } catch (ArtifactNotFound e) {
            // Promoted and removed by a concurrent notice since the listing.
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + staging, e);
        }
        if (object.isEmpty()) {
            return false;
        }
        artifacts.markStored(artifact.id(), object.get().size(), object.get().sha256());
        if (artifact.identity().kind() == ArtifactKind.JOB_INPUT) {
            jobs.updateStatus(job.id(), JobStatus.CREATED, JobStatus.SUBMITTED);
        }
        return true;
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
