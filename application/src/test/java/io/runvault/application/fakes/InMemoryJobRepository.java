package io.runvault.application.fakes;

import io.runvault.application.port.out.JobRepository;
import io.runvault.domain.Job;
import io.runvault.domain.JobFilter;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.NewJob;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Fake of the job store for use-case tests; passes the same contract as the Postgres adapter. */
public final class InMemoryJobRepository implements JobRepository {
    private final AtomicLong ids = new AtomicLong();
    private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();
    private final Set<JobId> purged = ConcurrentHashMap.newKeySet();

    @Override
    public Job insert(NewJob job) {
        Job stored = job.withId(new JobId(ids.incrementAndGet()));
        jobs.put(stored.id(), stored);
        return stored;
    }

    @Override
    public Optional<Job> findById(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public Page<Job> list(JobFilter filter, PageRequest page) {
        var fetched = jobs.values().stream()
                .filter(job -> filter.owner() == null || job.owner().equals(filter.owner()))
                .filter(job -> filter.status() == null || job.status() == filter.status())
                .filter(job -> filter.tag() == null || job.tags().values().contains(filter.tag()))
                .filter(job -> page.after() == null || job.id().value() < page.after())
                .sorted(Comparator.comparingLong((Job job) -> job.id().value()).reversed())
                .limit(page.limit() + 1L)
                .toList();
        return Page.of(fetched, page.limit(), job -> job.id().value());
    }

    @Override
    public synchronized boolean updateStatus(JobId id, JobStatus expected, JobStatus target) {
        Job job = jobs.get(id);
        if (job == null || job.status() != expected) {
            return false;
        }
        jobs.put(id, new Job(job.id(), job.owner(), job.tags(), target, job.createdAt()));
        return true;
    }

    /** Only the job itself: this fake keeps no runs or artifacts to remove with it. */
    @Override
    public synchronized boolean purge(JobId id) {
        Job job = jobs.get(id);
        if (job == null) {
            return purged.contains(id);
        }
        if (job.status() != JobStatus.PURGING) {
            return false;
        }
        jobs.remove(id);
        purged.add(id);
        return true;
    }

    @Override
    public boolean isPurged(JobId id) {
        return purged.contains(id);
    }
}
