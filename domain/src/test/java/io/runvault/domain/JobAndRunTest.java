package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JobAndRunTest {
    private static final Instant T = Instant.parse("2026-02-03T04:05:06.123456789Z");

    @Test
    void createdAtIsKeptToTheMicrosecondSoItSurvivesTheDatabase() {
        Job job = new Job(new JobId(1), new Owner("o"), Tags.none(), JobStatus.CREATED, T);
        assertEquals(Instant.parse("2026-02-03T04:05:06.123456Z"), job.createdAt());
    }

    @Test
    void jobStatusesMoveOnlyForward() {
        Job job = new Job(new JobId(1), new Owner("o"), Tags.none(), JobStatus.CREATED, T);
        Job submitted = job.moveTo(JobStatus.SUBMITTED);
        assertEquals(JobStatus.SUBMITTED, submitted.status());
        assertThrows(IllegalTransition.class, () -> submitted.moveTo(JobStatus.CREATED));
        assertFalse(JobStatus.COMPLETED.acceptsRuns());
        assertTrue(JobStatus.RUNNING.acceptsRuns());
    }

    @Test
    void finishedRunsStayFinished() {
        Run run = new Run(new RunId(1), new JobId(1), 1, new RunConfig("{}"), RunStatus.PENDING, T);
        Run done = run.moveTo(RunStatus.RUNNING).moveTo(RunStatus.DONE);
        for (RunStatus target : RunStatus.values()) {
            assertThrows(IllegalTransition.class, () -> done.moveTo(target));
        }
        assertThrows(IllegalTransition.class, () -> run.moveTo(RunStatus.DONE));
    }

    @Test
    void finalResultsFinishAnUnfinishedRunAndEarlierStagesShowItRunning() {
        Run pending = new Run(new RunId(1), new JobId(1), 1, new RunConfig("{}"), RunStatus.PENDING, T);
        Run running = pending.moveTo(RunStatus.RUNNING);
        Run done = running.moveTo(RunStatus.DONE);
        Stage early = new Stage("warmup");
        assertEquals(java.util.Optional.of(RunStatus.DONE), pending.acceptResults(Stage.FINAL));
        assertEquals(java.util.Optional.of(RunStatus.DONE), running.acceptResults(Stage.FINAL));
        assertEquals(java.util.Optional.empty(), done.acceptResults(Stage.FINAL));
        assertEquals(java.util.Optional.of(RunStatus.RUNNING), pending.acceptResults(early));
        assertEquals(java.util.Optional.empty(), running.acceptResults(early));
        assertThrows(IllegalTransition.class, () -> pending.moveTo(RunStatus.CANCELLED).acceptResults(Stage.FINAL));
        assertThrows(IllegalTransition.class, () -> running.moveTo(RunStatus.FAILED).acceptResults(early));
    }

    @Test
    void tagsAreBoundedAndDeduplicatedInOrder() {
        assertEquals(List.of("b", "a"), new Tags(List.of("b", "a", "b")).values());
        assertThrows(InvalidValue.class, () -> new Tags(List.of("has space")));
        assertThrows(InvalidValue.class, () -> new Tags(List.of("x".repeat(65))));
        assertThrows(InvalidValue.class, () -> new Tags(LongStream.range(0, 33).mapToObj(Long::toString).toList()));
        assertEquals("tags[1]", assertThrows(InvalidValue.class, () -> new Tags(List.of("ok", ""))).field());
    }

    @Test
    void runConfigMustBeAJsonObject() {
        assertThrows(InvalidValue.class, () -> new RunConfig("[1]"));
        assertThrows(InvalidValue.class, () -> new RunConfig(" "));
        assertEquals("{\"a\":1}", new RunConfig(" {\"a\":1} ").json());
    }

    @Test
    void aPageRemembersWhereToContinueOnlyWhenMoreExist() {
        List<Long> fetched = List.of(1L, 2L, 3L);
        Page<Long> page = Page.of(fetched, 2, x -> x);
        assertEquals(List.of(1L, 2L), page.items());
        assertEquals(2L, page.next());
        assertNull(Page.of(fetched, 3, x -> x).next());
        assertNull(Page.of(Collections.<Long>emptyList(), 3, x -> x).next());
        assertThrows(InvalidValue.class, () -> PageRequest.first(0));
        assertThrows(InvalidValue.class, () -> PageRequest.first(PageRequest.MAX_LIMIT + 1));
    }
}
