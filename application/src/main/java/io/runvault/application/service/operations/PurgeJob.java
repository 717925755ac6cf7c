package io.runvault.application.service.operations;

import io.runvault.application.ClaimLost;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.application.port.out.StoragePurge;
import io.runvault.application.port.out.StoredKeys;
import io.runvault.domain.Fence;
import io.runvault.domain.Job;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Operation;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import java.util.Optional;

/**
 * Use case: purge a job for its PURGE operation. Everything under the job's prefixes in both tiers goes (unfinished
 * uploads aborted, then every listed object deleted in batches), then the job's rows, leaving the tombstone. Listing
 * the prefix rather than the rows also catches objects no row knows about, such as leftovers of interrupted uploads.
 */
public final class PurgeJob {
    private final JobRepository jobs;
    private final OperationRepository operations;
    private final StoredKeys storedKeys;
    private final StoragePurge purge;

    public PurgeJob(JobRepository jobs, OperationRepository operations, StoredKeys storedKeys,
            StoragePurge purge) {
        this.jobs = jobs;
        this.operations = operations;
        this.storedKeys = storedKeys;
        this.purge = purge;
    }

    /** Returns why the purge could not finish, or null when the job is gone. */
    String purge(Operation operation, Fence fence) {
        Optional<Job> found = jobs.findById(operation.job());
        if (found.isEmpty()) {
            return jobs.isPurged(operation.job()) ? null : "job " + operation.job() + " no longer exists";
        }
        Job job = found.get();
        if (job.status() != JobStatus.PURGING) {
            return "job " + job.id() + " is " + job.status() + ", not PURGING";
        }
        for (StorageTier tier : StorageTier.values()) {
            StoragePrefix prefix = tier == StorageTier.PRIMARY ? job.prefix().primary() : job.prefix().archived();
            // Aborted first: an upload completing meanwhile then shows up in the listing below.
            MoveArtifacts.requireClaim(operations, fence, "before purging " + prefix);
            purge.abortUploads(tier, prefix);
            String token = null;
            do {
                StoredKeys.KeyPage page = storedKeys.list(tier, prefix, token);
                if (!page.keys().isEmpty()) {
                    MoveArtifacts.requireClaim(operations, fence, "before deleting under " + prefix);
                    int deleted = purge.deleteAll(tier, page.keys());
                    if (!operations.addProgress(fence, page.keys().size(), deleted)) {
                        throw new ClaimLost(fence, "recording deletions under " + prefix);
                    }
                }
                token = page.nextToken();
            } while (token != null);
        }
        MoveArtifacts.requireClaim(operations, fence, "before removing the job's rows");
        return jobs.purge(job.id()) ? null : "job " + job.id() + " left PURGING before its rows could go";
    }
}
