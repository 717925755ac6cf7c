package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.JobClosed;
import io.runvault.application.JobNotFound;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.RunsWithJobs;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.NewJob;
import io.runvault.domain.Owner;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunStatus;
import io.runvault.domain.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every RunRepository must do; run against the in-memory fake and the Postgres adapter. */
public abstract class RunRepositoryContract {
    protected abstract JobRepository jobs();

    protected abstract RunRepository runs();

    /** The same store, asked for a job and one of its runs together. */
    protected abstract RunsWithJobs runsWithJobs();

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.000006Z");

    private Job job() {
        return jobs().insert(new NewJob(new Owner("runs-contract"), Tags.none(), NOW));
    }

    private static List<RunConfig> configs(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new RunConfig("{\"n\":" + i + "}")).toList();
    }

    @Test
    void numbersRunsPerJobInBatchOrderAndContinuesAcrossBatches() {
        Job job = job();
        Job other = job();
        List<Run> first = runs().insertAll(job.id(), configs(3), NOW);
        runs().insertAll(other.id(), configs(1), NOW);
        List<Run> second = runs().insertAll(job.id(), configs(2), NOW);

        assertEquals(List.of(1L, 2L, 3L), first.stream().map(Run::seq).toList());
        assertEquals(List.of(4L, 5L), second.stream().map(Run::seq).toList());
        assertEquals("{\"n\":3}", first.get(2).config().json().replace(" ", ""));
        assertEquals(RunStatus.PENDING, first.getFirst().status());
        Run found = runs().findById(first.getFirst().id()).orElseThrow();
        // A batch's runs carry each config as it was sent; a read gives the store's spelling of the same JSON.
        assertEquals(first.getFirst(), new Run(found.id(), found.jobId(), found.seq(), first.getFirst().config(),
                found.status(), found.createdAt()));
        assertEquals("{\"n\":1}", found.config().json().replace(" ", ""));
    }

    @Test
    void refusesRunsOfAnUnknownJobAndStoresNone() {
        JobId missing = new JobId(Long.MAX_VALUE);
        assertThrows(JobNotFound.class, () -> runs().insertAll(missing, configs(2), NOW));
        assertTrue(runs().listByJob(missing, PageRequest.first(10)).items().isEmpty());
    }

    @Test
    void aConditionalBatchGoesOnlyIntoAnOpenJobOfTheOwnerGivenAndOtherwiseStoresNothing() {
        Job job = job();
        Owner owner = new Owner("runs-contract");
        assertEquals(List.of(1L, 2L), seqs(runs().insertAllIfOpen(job.id(), owner, configs(2), NOW).orElseThrow()));
        assertTrue(runs().insertAllIfOpen(job.id(), new Owner("someone-else"), configs(2), NOW).isEmpty());
        assertTrue(runs().insertAllIfOpen(new JobId(Long.MAX_VALUE), null, configs(2), NOW).isEmpty());
        assertEquals(List.of(3L), seqs(runs().insertAllIfOpen(job.id(), null, configs(1), NOW).orElseThrow()),
                "no owner given: any owner's job, numbered on without a gap");
        assertTrue(runs().cancelJob(job.id(), JobStatus.CREATED));
        assertTrue(runs().insertAllIfOpen(job.id(), owner, configs(2), NOW).isEmpty());
        assertEquals(List.of(1L, 2L, 3L), seqs(runs().listByJob(job.id(), PageRequest.first(10)).items()));
    }

    private static List<Long> seqs(List<Run> runs) {
        return runs.stream().map(Run::seq).toList();
    }

    @Test
    void listsInSeqOrderPageByPage() {
        Job job = job();
        runs().insertAll(job.id(), configs(5), NOW);
        List<Long> seqs = new ArrayList<>();
        Long after = null;
        do {
            var page = runs().listByJob(job.id(), new PageRequest(after, 2));
            page.items().forEach(run -> seqs.add(run.seq()));
            after = page.next();
        } while (after != null);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs);
    }

    @Test
    void readsAJobWithOneOfItsRunsButNotWithAnotherJobsRun() {
        Job job = job();
        Run run = runs().insertAll(job.id(), configs(1), NOW).getFirst();
        Run elsewhere = runs().insertAll(job().id(), configs(1), NOW).getFirst();
        runs().updateStatus(run.id(), RunStatus.PENDING, RunStatus.RUNNING);

        var both = runsWithJobs().find(job.id(), run.id()).orElseThrow();
        assertEquals(jobs().findById(job.id()).orElseThrow(), both.job());
        assertEquals(runs().findById(run.id()), both.run());
        var foreign = runsWithJobs().find(job.id(), elsewhere.id()).orElseThrow();
        assertEquals(job.id(), foreign.job().id());
        assertTrue(foreign.run().isEmpty(), "another job's run is not this job's");
        assertTrue(runsWithJobs().find(new JobId(Long.MAX_VALUE), run.id()).isEmpty());
    }

    @Test
    void statusUpdateIsACompareAndSet() {
        Run run = runs().insertAll(job().id(), configs(1), NOW).getFirst();
        assertTrue(runs().updateStatus(run.id(), RunStatus.PENDING, RunStatus.RUNNING));
        assertFalse(runs().updateStatus(run.id(), RunStatus.PENDING, RunStatus.CANCELLED));
        assertEquals(RunStatus.RUNNING, runs().findById(run.id()).orElseThrow().status());
    }

    private JobStatus statusOf(Job job) {
        return jobs().findById(job.id()).orElseThrow().status();
    }

    @Test
    void theFirstRunThatStartsMovesTheJobToRunningAndTheLastToEndFinishesIt() {
        Job job = job();
        List<Run> batch = runs().insertAll(job.id(), configs(2), NOW);
        assertTrue(runs().updateStatus(batch.get(0).id(), RunStatus.PENDING, RunStatus.RUNNING));
        assertEquals(JobStatus.RUNNING, statusOf(job));
        assertTrue(runs().updateStatus(batch.get(0).id(), RunStatus.RUNNING, RunStatus.DONE));
        assertEquals(JobStatus.RUNNING, statusOf(job), "one run is still pending");
        assertTrue(runs().updateStatus(batch.get(1).id(), RunStatus.PENDING, RunStatus.RUNNING));
        assertTrue(runs().updateStatus(batch.get(1).id(), RunStatus.RUNNING, RunStatus.DONE));
        assertEquals(JobStatus.COMPLETED, statusOf(job));
        assertThrows(JobClosed.class, () -> runs().insertAll(job.id(), configs(1), NOW));
        assertEquals(2, runs().listByJob(job.id(), PageRequest.first(10)).items().size());
    }

    @Test
    void anyFailedRunFailsTheJobOnceEveryRunHasEnded() {
        Job job = job();
        List<Run> batch = runs().insertAll(job.id(), configs(2), NOW);
        assertTrue(runs().updateStatus(batch.get(0).id(), RunStatus.PENDING, RunStatus.FAILED));
        assertEquals(JobStatus.RUNNING, statusOf(job));
        assertTrue(runs().updateStatus(batch.get(1).id(), RunStatus.PENDING, RunStatus.RUNNING));
        assertTrue(runs().updateStatus(batch.get(1).id(), RunStatus.RUNNING, RunStatus.DONE));
        assertEquals(JobStatus.FAILED, statusOf(job));
    }

    @Test
    void aFailedCompareAndSetLeavesTheJobAlone() {
        Job job = job();
        Run run = runs().insertAll(job.id(), configs(1), NOW).getFirst();
        assertFalse(runs().updateStatus(run.id(), RunStatus.RUNNING, RunStatus.DONE));
        assertEquals(JobStatus.CREATED, statusOf(job));
    }

    @Test
    void cancellingAJobCancelsItsUnfinishedRunsOnly() {
        Job job = job();
        List<Run> batch = runs().insertAll(job.id(), configs(3), NOW);
        runs().updateStatus(batch.get(0).id(), RunStatus.PENDING, RunStatus.RUNNING);
        runs().updateStatus(batch.get(0).id(), RunStatus.RUNNING, RunStatus.DONE);
        runs().updateStatus(batch.get(1).id(), RunStatus.PENDING, RunStatus.RUNNING);

        assertFalse(runs().cancelJob(job.id(), JobStatus.SUBMITTED), "a compare-and-set on the job's status");
        assertTrue(runs().cancelJob(job.id(), JobStatus.RUNNING));

        assertEquals(JobStatus.CANCELLED, statusOf(job));
        assertEquals(List.of(RunStatus.DONE, RunStatus.CANCELLED, RunStatus.CANCELLED), runs()
                .listByJob(job.id(), PageRequest.first(10)).items().stream().map(Run::status).toList());
        assertThrows(JobClosed.class, () -> runs().insertAll(job.id(), configs(1), NOW));
    }

    /** The last two runs ending at the same moment: whichever commits second sees both and finishes the job. */
    @Test
    void runsEndingTogetherStillFinishTheirJob() throws Exception {
        int jobs = 15;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < jobs; i++) {
                Job job = job();
                List<Run> batch = runs().insertAll(job.id(), configs(2), NOW);
                batch.forEach(run -> runs().updateStatus(run.id(), RunStatus.PENDING, RunStatus.RUNNING));
                var barrier = new CyclicBarrier(2);
                List<Future<Boolean>> ends = batch.stream().map(run -> pool.submit(() -> {
                    barrier.await();
                    return runs().updateStatus(run.id(), RunStatus.RUNNING, RunStatus.DONE);
                })).toList();
                for (Future<Boolean> end : ends) {
                    assertTrue(end.get());
                }
                assertEquals(JobStatus.COMPLETED, statusOf(job), "job " + i);
            }
        }
    }

    /**
     * A burst: every run of a job taken up and ended at once, straight from PENDING as results uploads move them,
     * some failing. Each round's job ends FAILED exactly when a run failed, COMPLETED otherwise, and every run is
     * where its writer moved it.
     */
    @Test
    void manyRunsOfOneJobEndingAtOnceEndTheJobExactlyOnce() throws Exception {
        int writers = 16;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int round = 0; round < 6; round++) {
                Job job = job();
                List<Run> batch = runs().insertAll(job.id(), configs(writers), NOW);
                // Rounds alternate between all runs ending DONE and one of them (a different one each time) failing.
                int failing = round % 2 == 0 ? -1 : round % writers;
                var barrier = new CyclicBarrier(writers);
                List<Future<Boolean>> ends = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    Run run = batch.get(i);
                    RunStatus target = i == failing ? RunStatus.FAILED : RunStatus.DONE;
                    ends.add(pool.submit(() -> {
                        barrier.await();
                        return runs().updateStatus(run.id(), java.util.Set.of(RunStatus.PENDING, RunStatus.RUNNING),
                                target);
                    }));
                }
                for (Future<Boolean> end : ends) {
                    assertTrue(end.get());
                }
                assertEquals(failing < 0 ? JobStatus.COMPLETED : JobStatus.FAILED, statusOf(job), "round " + round);
                List<RunStatus> expected = IntStream.range(0, writers)
                        .mapToObj(i -> i == failing ? RunStatus.FAILED : RunStatus.DONE).toList();
                assertEquals(expected, runs().listByJob(job.id(), PageRequest.first(writers)).items().stream()
                        .map(Run::status).toList(), "round " + round);
            }
        }
    }

    /** The first runs of a job taken up at once: the job is RUNNING, and stays so while a run is unfinished. */
    @Test
    void runsStartingAtOnceMoveTheJobToRunningAndLeaveItThere() throws Exception {
        int writers = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            Job job = job();
            List<Run> batch = runs().insertAll(job.id(), configs(writers + 1), NOW);
            var barrier = new CyclicBarrier(writers);
            List<Future<Boolean>> starts = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Run run = batch.get(i);
                RunStatus target = i % 2 == 0 ? RunStatus.RUNNING : RunStatus.DONE;
                starts.add(pool.submit(() -> {
                    barrier.await();
                    return runs().updateStatus(run.id(), RunStatus.PENDING, target);
                }));
            }
            for (Future<Boolean> start : starts) {
                assertTrue(start.get());
            }
            assertEquals(JobStatus.RUNNING, statusOf(job));
            for (int i = 0; i < writers; i += 2) {
                assertTrue(runs().updateStatus(batch.get(i).id(), RunStatus.RUNNING, RunStatus.DONE));
            }
            assertEquals(JobStatus.RUNNING, statusOf(job), "the last run is still pending");
            assertTrue(runs().updateStatus(batch.getLast().id(), RunStatus.PENDING, RunStatus.CANCELLED));
            assertEquals(JobStatus.COMPLETED, statusOf(job));
        }
    }

    @Test
    void statusUpdateFromAnyOfSeveralStatusesIsOneCompareAndSet() {
        Run run = runs().insertAll(job().id(), configs(1), NOW).getFirst();
        var unfinished = java.util.Set.of(RunStatus.PENDING, RunStatus.RUNNING);
        assertTrue(runs().updateStatus(run.id(), unfinished, RunStatus.DONE));
        assertFalse(runs().updateStatus(run.id(), unfinished, RunStatus.DONE));
        assertEquals(RunStatus.DONE, runs().findById(run.id()).orElseThrow().status());
    }
}
