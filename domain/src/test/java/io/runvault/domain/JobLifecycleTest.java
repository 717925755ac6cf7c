package io.runvault.domain;

import static io.runvault.domain.JobStatus.CANCELLED;
import static io.runvault.domain.JobStatus.COMPLETED;
import static io.runvault.domain.JobStatus.CREATED;
import static io.runvault.domain.JobStatus.FAILED;
import static io.runvault.domain.JobStatus.PURGING;
import static io.runvault.domain.JobStatus.RUNNING;
import static io.runvault.domain.JobStatus.SUBMITTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The job's lifecycle as its runs drive it: the transition table and the rule that picks the next status. */
class JobLifecycleTest {
    private static final Instant T = Instant.parse("2026-02-03T04:05:06Z");

    private static RunTally runs(Object... statusAndCount) {
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        for (int i = 0; i < statusAndCount.length; i += 2) {
            counts.put((RunStatus) statusAndCount[i], ((Integer) statusAndCount[i + 1]).longValue());
        }
        return RunTally.of(counts);
    }

    private static Job job(JobStatus status) {
        return new Job(new JobId(1), new Owner("o"), Tags.none(), status, T);
    }

    @Test
    void theTransitionTable() {
        assertEquals(Set.of(SUBMITTED, RUNNING, COMPLETED, FAILED, CANCELLED, PURGING), CREATED.next());
        assertEquals(Set.of(RUNNING, COMPLETED, FAILED, CANCELLED, PURGING), SUBMITTED.next());
        assertEquals(Set.of(COMPLETED, FAILED, CANCELLED, PURGING), RUNNING.next());
        for (JobStatus ended : List.of(COMPLETED, FAILED, CANCELLED)) {
            assertEquals(Set.of(PURGING), ended.next(), ended.name());
            assertTrue(ended.isClosed(), ended.name());
        }
        assertEquals(Set.of(), PURGING.next());
        assertThrows(IllegalTransition.class, () -> job(RUNNING).moveTo(SUBMITTED));
        assertThrows(IllegalTransition.class, () -> job(COMPLETED).moveTo(RUNNING));
    }

    /** Each row: the job's status, how its runs stand, and what the job becomes. */
    @Test
    void theJobFollowsItsRuns() {
        record Row(JobStatus from, RunTally runs, JobStatus to) {
        }
        var rows = List.of(
                new Row(CREATED, runs(), CREATED),
                new Row(SUBMITTED, runs(RunStatus.PENDING, 3), SUBMITTED),
                new Row(CREATED, runs(RunStatus.PENDING, 2, RunStatus.RUNNING, 1), RUNNING),
                new Row(SUBMITTED, runs(RunStatus.PENDING, 2, RunStatus.RUNNING, 1), RUNNING),
                new Row(RUNNING, runs(RunStatus.PENDING, 1, RunStatus.DONE, 1), RUNNING),
                new Row(RUNNING, runs(RunStatus.DONE, 3), COMPLETED),
                new Row(RUNNING, runs(RunStatus.DONE, 2, RunStatus.FAILED, 1), FAILED),
                new Row(RUNNING, runs(RunStatus.DONE, 2, RunStatus.CANCELLED, 1), COMPLETED),
                new Row(RUNNING, runs(RunStatus.FAILED, 1, RunStatus.CANCELLED, 1), FAILED),
                new Row(SUBMITTED, runs(RunStatus.FAILED, 1), FAILED),
                new Row(SUBMITTED, runs(RunStatus.PENDING, 1, RunStatus.FAILED, 1), RUNNING),
                new Row(CREATED, runs(RunStatus.CANCELLED, 2), CANCELLED),
                new Row(SUBMITTED, runs(RunStatus.PENDING, 1, RunStatus.CANCELLED, 1), SUBMITTED),
                new Row(COMPLETED, runs(RunStatus.DONE, 1, RunStatus.PENDING, 1), COMPLETED),
                new Row(CANCELLED, runs(RunStatus.DONE, 1), CANCELLED),
                new Row(FAILED, runs(RunStatus.DONE, 1), FAILED),
                new Row(PURGING, runs(RunStatus.DONE, 1), PURGING));
        for (Row row : rows) {
            assertEquals(row.to(), row.from().afterRuns(row.runs()), row.toString());
        }
    }

    @Test
    void theRuleOnlyEverPicksAnAllowedMove() {
        List<RunTally> tallies = List.of(runs(), runs(RunStatus.PENDING, 1), runs(RunStatus.RUNNING, 1),
                runs(RunStatus.DONE, 1), runs(RunStatus.FAILED, 1), runs(RunStatus.CANCELLED, 1),
                runs(RunStatus.DONE, 1, RunStatus.PENDING, 1), runs(RunStatus.FAILED, 1, RunStatus.DONE, 5));
        for (JobStatus from : JobStatus.values()) {
            for (RunTally tally : tallies) {
                JobStatus to = from.afterRuns(tally);
                assertTrue(to == from || from.canMoveTo(to), from + " -> " + to + " on " + tally);
                Job moved = job(from).afterRuns(tally);
                assertEquals(to, moved.status());
            }
        }
    }

    /** What lets a run's status change skip the tally: no mix of runs with one unfinished moves such a job. */
    @Test
    void aJobThatDoesNotFollowUnfinishedRunsStaysWhileOneIsUnfinished() {
        RunStatus[] statuses = RunStatus.values();
        for (JobStatus from : JobStatus.values()) {
            boolean movedWithOneUnfinished = false;
            // Every tally of up to two runs in each status, with at least one run PENDING or RUNNING.
            for (int mix = 0; mix < Math.pow(3, statuses.length); mix++) {
                Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
                int rest = mix;
                for (RunStatus status : statuses) {
                    counts.put(status, (long) (rest % 3));
                    rest /= 3;
                }
                RunTally tally = RunTally.of(counts);
                if (tally.allEnded() || tally.total() == 0) {
                    continue;
                }
                if (from.afterRuns(tally) != from) {
                    movedWithOneUnfinished = true;
                }
            }
            assertEquals(from.followsUnfinishedRuns(), movedWithOneUnfinished, from.name());
        }
    }

    @Test
    void cancelEndsAnUnfinishedJobAndIsIdempotent() {
        for (JobStatus open : List.of(CREATED, SUBMITTED, RUNNING)) {
            assertEquals(CANCELLED, job(open).cancel().status(), open.name());
        }
        Job cancelled = job(CANCELLED);
        assertSame(cancelled, cancelled.cancel());
        assertThrows(IllegalTransition.class, () -> job(COMPLETED).cancel());
        assertThrows(IllegalTransition.class, () -> job(FAILED).cancel());
    }

    @Test
    void aTallyRefusesNegativeCountsAndDropsZeros() {
        assertThrows(InvalidValue.class, () -> runs(RunStatus.DONE, -1));
        assertEquals(Map.of(RunStatus.DONE, 2L), runs(RunStatus.DONE, 2, RunStatus.PENDING, 0).counts());
        assertEquals(0, runs().total());
    }
}
