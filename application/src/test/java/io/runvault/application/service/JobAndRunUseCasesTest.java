package io.runvault.application.service;

import io.runvault.application.service.jobs.CancelJob;
import io.runvault.application.service.jobs.CreateJob;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.runs.ChangeRunStatus;
import io.runvault.application.service.runs.GetRun;
import io.runvault.application.service.runs.SubmitRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.Forbidden;
import io.runvault.application.JobBeingPurged;
import io.runvault.application.JobClosed;
import io.runvault.application.JobNotFound;
import io.runvault.application.RunNotFound;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.application.port.in.jobs.CreateJobCommand;
import io.runvault.application.port.in.runs.SubmitRunsCommand;
import io.runvault.domain.IllegalTransition;
import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Principal;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunStatus;
import io.runvault.domain.Tags;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobAndRunUseCasesTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09.987654321Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryRunRepository runs = new InMemoryRunRepository(jobs);
    private final AccessPolicy policy = new AccessPolicy(false);
    private final GetJob getJob = new GetJob(jobs, policy);
    private final GetRun getRun = new GetRun(getJob, jobs, runs, policy);
    private final CreateJob createJob = new CreateJob(jobs, policy, clock);
    private final SubmitRuns submitRuns = new SubmitRuns(getJob, runs, policy, clock);
    private final ChangeRunStatus changeRunStatus = new ChangeRunStatus(getRun, runs, policy);
    private final CancelJob cancelJob = new CancelJob(getJob, runs, policy);
    private final Principal alice = Principal.client("alice");

    private Job newJob() {
        return createJob.create(new CreateJobCommand(alice, new Tags(List.of("t"))));
    }

    private List<Run> submit(Job job, int count) {
        var configs = java.util.stream.IntStream.range(0, count).mapToObj(i -> new RunConfig("{\"i\":" + i + "}"))
                .toList();
        return submitRuns.submit(new SubmitRunsCommand(alice, job.id(), configs));
    }

    @Test
    void createdJobTakesItsPrefixFromTheClockAtCreation() {
        Job job = newJob();
        assertEquals(Instant.parse("2026-05-06T07:08:09.987654Z"), job.createdAt());
        assertEquals("jobs/" + job.id() + "/2026/05/06/070809/", job.prefix().value());
    }

    @Test
    void runsOfAnEndedJobAreRefused() {
        Job job = newJob();
        jobs.updateStatus(job.id(), JobStatus.CREATED, JobStatus.CANCELLED);
        assertThrows(JobClosed.class, () -> submit(job, 2));
        assertTrue(runs.listByJob(job.id(), PageRequest.first(10)).items().isEmpty());
    }

    @Test
    void anAdminAddsRunsToAnyOpenJobButNoneToAJobBeingPurged() {
        Job job = newJob();
        Principal admin = Principal.admin("root");
        assertEquals(List.of(1L), submitRuns.submit(new SubmitRunsCommand(admin, job.id(),
                List.of(new RunConfig("{}")))).stream().map(Run::seq).toList());
        jobs.updateStatus(job.id(), JobStatus.CREATED, JobStatus.PURGING);
        for (Principal caller : List.of(admin, alice)) {
            assertThrows(JobBeingPurged.class, () -> submitRuns.submit(new SubmitRunsCommand(caller, job.id(),
                    List.of(new RunConfig("{}")))));
        }
        assertEquals(1, runs.listByJob(job.id(), PageRequest.first(10)).items().size());
    }

    @Test
    void runsOfAnUnknownJobAreRefused() {
        assertThrows(JobNotFound.class,
                () -> submitRuns.submit(new SubmitRunsCommand(alice, new JobId(99), List.of(new RunConfig("{}")))));
    }

    @Test
    void aRunAskedForThroughAnotherJobDoesNotExist() {
        Job mine = newJob();
        Job other = newJob();
        Run run = submit(mine, 1).getFirst();
        assertEquals(run, getRun.get(alice, mine.id(), run.id()));
        assertThrows(RunNotFound.class, () -> getRun.get(alice, other.id(), run.id()));
    }

    @Test
    void runMovesOnlyAlongItsLifecycle() {
        Run run = submit(newJob(), 1).getFirst();
        assertEquals(RunStatus.RUNNING, changeRunStatus.change(alice, run.id(), RunStatus.RUNNING).status());
        assertEquals(RunStatus.DONE, changeRunStatus.change(alice, run.id(), RunStatus.DONE).status());
        assertThrows(IllegalTransition.class, () -> changeRunStatus.change(alice, run.id(), RunStatus.RUNNING));
        assertEquals(RunStatus.DONE, getRun.get(alice, run.id()).status());
    }

    @Test
    void repeatingTheCurrentStatusIsHarmless() {
        Run run = submit(newJob(), 1).getFirst();
        changeRunStatus.change(alice, run.id(), RunStatus.RUNNING);
        assertEquals(RunStatus.RUNNING, changeRunStatus.change(alice, run.id(), RunStatus.RUNNING).status());
    }

    @Test
    void otherClientsDoNotSeeAJobAtAllAndWorkersCannotCreateOrSubmit() {
        Job job = newJob();
        Principal bob = Principal.client("bob");
        assertThrows(JobNotFound.class, () -> getJob.get(bob, job.id()));
        assertThrows(JobNotFound.class, () -> submitRuns.submit(
                new SubmitRunsCommand(bob, job.id(), List.of(new RunConfig("{}")))));
        Principal worker = Principal.worker("w", job.id(), null);
        assertEquals(job, getJob.get(worker, job.id()));
        assertThrows(Forbidden.class, () -> submitRuns.submit(
                new SubmitRunsCommand(worker, job.id(), List.of(new RunConfig("{}")))));
        assertThrows(Forbidden.class, () -> createJob.create(new CreateJobCommand(worker, Tags.none())));
        assertEquals(job, getJob.get(Principal.admin("root"), job.id()));
    }

    @Test
    void aWorkerScopedToOneRunMovesOnlyThatRun() {
        Job job = newJob();
        List<Run> created = submit(job, 2);
        Principal worker = Principal.worker("w", job.id(), created.getFirst().id());
        assertEquals(RunStatus.RUNNING, changeRunStatus.change(worker, created.getFirst().id(), RunStatus.RUNNING)
                .status());
        // Its sibling runs do not exist for it, for reads and writes alike.
        assertThrows(RunNotFound.class,
                () -> changeRunStatus.change(worker, created.get(1).id(), RunStatus.RUNNING));
        assertThrows(RunNotFound.class, () -> getRun.get(worker, created.get(1).id()));
        assertThrows(RunNotFound.class,
                () -> getRun.get(Principal.worker("w", newJob().id(), null), created.getFirst().id()));
    }

    @Test
    void runsDriveTheirJobUntilItEnds() {
        Job job = newJob();
        List<Run> batch = submit(job, 2);
        changeRunStatus.change(Principal.admin("ops"), batch.get(0).id(), RunStatus.RUNNING);
        assertEquals(JobStatus.RUNNING, getJob.get(alice, job.id()).status());
        changeRunStatus.change(Principal.admin("ops"), batch.get(0).id(), RunStatus.DONE);
        changeRunStatus.change(Principal.admin("ops"), batch.get(1).id(), RunStatus.FAILED);
        assertEquals(JobStatus.FAILED, getJob.get(alice, job.id()).status());
        assertThrows(JobClosed.class, () -> submit(job, 1));
    }

    @Test
    void theOwnerCancelsAJobWithItsUnfinishedRunsAndAWorkerMayNot() {
        Job job = newJob();
        List<Run> batch = submit(job, 2);
        changeRunStatus.change(Principal.admin("ops"), batch.get(0).id(), RunStatus.RUNNING);
        assertThrows(Forbidden.class, () -> cancelJob.cancel(Principal.worker("w", job.id(), null), job.id()));
        assertThrows(JobNotFound.class, () -> cancelJob.cancel(Principal.client("bob"), job.id()));

        assertEquals(JobStatus.CANCELLED, cancelJob.cancel(alice, job.id()).status());
        assertEquals(JobStatus.CANCELLED, cancelJob.cancel(alice, job.id()).status(), "again: nothing changes");
        assertTrue(runs.listByJob(job.id(), PageRequest.first(10)).items().stream()
                .allMatch(run -> run.status() == RunStatus.CANCELLED));
        assertThrows(JobClosed.class, () -> submit(job, 1));
        assertThrows(IllegalTransition.class,
                () -> changeRunStatus.change(Principal.admin("ops"), batch.get(0).id(), RunStatus.DONE));
    }

    @Test
    void anEndedJobCannotBeCancelled() {
        Job job = newJob();
        Run run = submit(job, 1).getFirst();
        changeRunStatus.change(Principal.admin("ops"), run.id(), RunStatus.RUNNING);
        changeRunStatus.change(Principal.admin("ops"), run.id(), RunStatus.DONE);
        assertEquals(JobStatus.COMPLETED, getJob.get(alice, job.id()).status());
        assertThrows(IllegalTransition.class, () -> cancelJob.cancel(alice, job.id()));
    }
}
