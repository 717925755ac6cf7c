package io.runvault.application.port.in.artifacts;

import io.runvault.domain.JobId;

/**
 * Use case: record what clients PUT to a job's staging keys: each object is written to its artifact's key (create-only),
 * recorded as stored with its size and checksum, and removed from the staging area; a stored job input
 * submits the job. Safe to run at any time, by several callers at once. Returns how many artifacts it stored.
 */
public interface NoticeStagedUploadsUseCase {
    int notice(JobId job);

    /** The same for every job with something staged: what the periodic sweep runs. */
    int noticeAll();
}
