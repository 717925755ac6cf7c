package io.runvault.application.service.operations;

import io.runvault.application.AccessPolicy;
import io.runvault.application.JobBeingPurged;
import io.runvault.application.JobNotFound;
import io.runvault.application.JobPurged;
import io.runvault.application.OperationInProgress;
import io.runvault.application.port.in.operations.StartOperationUseCase;
import io.runvault.application.port.in.operations.VerifyJobsUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobFilter;
import io.runvault.domain.OperationKind;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;

/**
 * Use case: the scrub of every job, a page at a time: each page's jobs get a verify operation of their own, so a
 * scrub of many jobs is as resumable and fenced as one job's, and an admin walks the pages with the cursor.
 */
public final class VerifyJobs implements VerifyJobsUseCase {
    private final JobRepository jobs;
    private final StartOperationUseCase start;
    private final AccessPolicy policy;

    public VerifyJobs(JobRepository jobs, StartOperationUseCase start, AccessPolicy policy) {
        this.jobs = jobs;
        this.start = start;
        this.policy = policy;
    }

    @Override
    public Page<Started> verify(Principal requestedBy, PageRequest page) {
        policy.require(requestedBy, "verify stored artifacts", Role.ADMIN);
        Page<Job> listed = jobs.list(JobFilter.all(), page);
        return new Page<>(listed.items().stream().map(job -> startOne(requestedBy, job)).toList(), listed.next());
    }

    private Started startOne(Principal requestedBy, Job job) {
        try {
            return new Started(job.id(), start.start(OperationKind.VERIFY, job.id(), requestedBy), null);
        } catch (OperationInProgress | JobBeingPurged | JobPurged | JobNotFound e) {
            // Listed a moment ago, held or gone since: the page goes on with the other jobs.
            return new Started(job.id(), null, e.getMessage());
        }
    }
}
