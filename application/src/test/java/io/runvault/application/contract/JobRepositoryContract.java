package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobFilter;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.NewJob;
import io.runvault.domain.Owner;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every JobRepository must do; run against the in-memory fake and the Postgres adapter. */
public abstract class JobRepositoryContract {
    protected abstract JobRepository jobs();

    /** Each test works under its own owner, so tests sharing a store do not see each other's jobs. */
    private final Owner owner = new Owner("owner-" + UUID.randomUUID());

    private Job insert(String... tags) {
        return jobs().insert(new NewJob(owner, new Tags(List.of(tags)), Instant.parse("2026-03-04T05:06:07.123456789Z")));
    }

    @Test
    void insertAssignsDistinctIdsAndKeepsTimeToTheMicrosecond() {
        Job first = insert("a");
        Job second = insert("a");
        assertTrue(second.id().value() > first.id().value());
        assertEquals(Instant.parse("2026-03-04T05:06:07.123456Z"), first.createdAt());
        assertEquals(JobStatus.CREATED, first.status());
        assertEquals(first, jobs().findById(first.id()).orElseThrow());
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertTrue(jobs().findById(new JobId(Long.MAX_VALUE)).isEmpty());
    }

    @Test
    void listsNewestFirstAndPagesWithoutGapsOrRepeats() {
        List<JobId> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(insert().id());
        }
        List<JobId> seen = new ArrayList<>();
        Long after = null;
        int pages = 0;
        do {
            Page<Job> page = jobs().list(new JobFilter(owner, null, null), new PageRequest(after, 3));
            page.items().forEach(job -> seen.add(job.id()));
            after = page.next();
            pages++;
        } while (after != null);
        assertEquals(3, pages);
        assertEquals(created.reversed(), seen);
        assertEquals(7, new HashSet<>(seen).size());
    }

    @Test
    void filtersByStatusAndTag() {
        Job tagged = insert("gpu", "night");
        Job other = insert("cpu");
        assertTrue(jobs().updateStatus(other.id(), JobStatus.CREATED, JobStatus.SUBMITTED));

        var byTag = jobs().list(new JobFilter(owner, null, "gpu"), PageRequest.first(10)).items();
        assertEquals(List.of(tagged.id()), byTag.stream().map(Job::id).toList());
        var byStatus = jobs().list(new JobFilter(owner, JobStatus.SUBMITTED, null), PageRequest.first(10));
        assertEquals(List.of(other.id()), byStatus.items().stream().map(Job::id).toList());
        assertNull(byStatus.next());
    }

    @Test
    void statusUpdateIsACompareAndSet() {
        Job job = insert();
        assertTrue(jobs().updateStatus(job.id(), JobStatus.CREATED, JobStatus.SUBMITTED));
        assertFalse(jobs().updateStatus(job.id(), JobStatus.CREATED, JobStatus.CANCELLED));
        assertEquals(JobStatus.SUBMITTED, jobs().findById(job.id()).orElseThrow().status());
    }

    @Test
    void purgeTakesOnlyAPurgingJobAndLeavesATombstone() {
        Job job = insert();
        assertFalse(jobs().purge(job.id()), "a job not PURGING is not purged");
        assertFalse(jobs().isPurged(job.id()));
        assertTrue(jobs().updateStatus(job.id(), JobStatus.CREATED, JobStatus.PURGING));

        assertTrue(jobs().purge(job.id()));
        assertTrue(jobs().purge(job.id()), "purging again changes nothing and succeeds");

        assertTrue(jobs().findById(job.id()).isEmpty());
        assertTrue(jobs().isPurged(job.id()));
        assertFalse(jobs().isPurged(new JobId(job.id().value() + 1_000_000)));
    }
}
