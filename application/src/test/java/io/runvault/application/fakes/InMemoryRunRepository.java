package io.runvault.application.fakes;

import io.runvault.application.JobClosed;
import io.runvault.application.JobNotFound;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.RunsWithJobs;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Owner;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import io.runvault.domain.RunTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fake of the run store for use-case tests; numbers runs per job like the Postgres adapter, and moves a run's job
 * with it as the domain rules.
 */
public final class InMemoryRunRepository implements RunRepository, RunsWithJobs {
    private final InMemoryJobRepository jobs;
    private final Map<RunId, Run> runs = new HashMap<>();
    private final Map<JobId, Long> lastSeq = new HashMap<>();
    private long ids;

    public InMemoryRunRepository(InMemoryJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public synchronized List<Run> insertAll(JobId job, List<RunConfig> configs, Instant createdAt) {
        Job found = jobs.findById(job).orElseThrow(() -> new JobNotFound(job));
        if (!found.status().acceptsRuns()) {
            throw new JobClosed(found);
        }
        long seq = lastSeq.getOrDefault(job, 0L);
        List<Run> created = new ArrayList<>();
        for (RunConfig config : configs) {
            Run run = new Run(new RunId(++ids), job, ++seq, config, RunStatus.PENDING, createdAt);
            created.add(run);
        }
        created.forEach(run -> runs.put(run.id(), run));
        lastSeq.put(job, seq);
        return created;
    }

    @Override
    public synchronized Optional<List<Run>> insertAllIfOpen(JobId job, Owner owner, List<RunConfig> configs,
            Instant createdAt) {
        Optional<Job> found = jobs.findById(job);
        if (found.isEmpty() || !found.get().status().acceptsRuns()
                || owner != null && !found.get().owner().equals(owner)) {
            return Optional.empty();
        }
        return Optional.of(insertAll(job, configs, createdAt));
    }

    @Override
    public synchronized Optional<Run> findById(RunId id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized Optional<JobWithRun> find(JobId job, RunId run) {
        return jobs.findById(job).map(found -> new JobWithRun(found,
                Optional.ofNullable(runs.get(run)).filter(r -> r.belongsTo(job))));
    }

    @Override
    public synchronized Page<Run> listByJob(JobId job, PageRequest page) {
        var fetched = runs.values().stream()
                .filter(run -> run.belongsTo(job))
                .filter(run -> page.after() == null || run.seq() > page.after())
                .sorted(Comparator.comparingLong(Run::seq))
                .limit(page.limit() + 1L)
                .toList();
        return Page.of(fetched, page.limit(), Run::seq);
    }

    @Override
    public synchronized boolean updateStatus(RunId id, RunStatus expected, RunStatus target) {
        return updateStatus(id, java.util.Set.of(expected), target);
    }

    @Override
    public synchronized boolean updateStatus(RunId id, java.util.Set<RunStatus> expected, RunStatus target) {
        Run run = runs.get(id);
        if (run == null || !expected.contains(run.status())) {
            return false;
        }
        runs.put(id, new Run(run.id(), run.jobId(), run.seq(), run.config(), target, run.createdAt()));
        jobs.findById(run.jobId()).ifPresent(job -> {
            var counts = new EnumMap<RunStatus, Long>(RunStatus.class);
            runs.values().stream().filter(r -> r.belongsTo(job.id())).forEach(r -> counts.merge(r.status(), 1L,
                    Long::sum));
            Job next = job.afterRuns(RunTally.of(counts));
            if (next != job) {
                jobs.updateStatus(job.id(), job.status(), next.status());
            }
        });
        return true;
    }

    @Override
    public synchronized boolean cancelJob(JobId job, JobStatus expected) {
        if (!jobs.updateStatus(job, expected, JobStatus.CANCELLED)) {
            return false;
        }
        runs.replaceAll((id, run) -> run.belongsTo(job) && !run.status().isFinal()
                ? new Run(run.id(), run.jobId(), run.seq(), run.config(), RunStatus.CANCELLED, run.createdAt())
                : run);
        return true;
    }
}
