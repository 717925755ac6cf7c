package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobS3PrefixTest {
    private static Job job(long id, String createdAt) {
        return new Job(new JobId(id), new Owner("o"), Tags.none(), JobStatus.CREATED, Instant.parse(createdAt));
    }

    @Test
    void prefixComesFromTheJobsCreationTimeInUtc() {
        Job job = job(42, "2026-11-22T23:59:58.999999Z");
        assertEquals("jobs/42/2026/11/22/235958/", JobS3Prefix.of(job).value());
    }

    @Test
    void jobsCreatedInTheSameSecondStillGetDistinctPrefixes() {
        Set<String> prefixes = new HashSet<>();
        for (long id = 1; id <= 1000; id++) {
            prefixes.add(JobS3Prefix.of(job(id, "2026-01-01T00:00:00Z")).value());
        }
        assertEquals(1000, prefixes.size());
    }

    @Test
    void everyKeyOfAJobIsUnderItsPrefix() {
        Job job = job(7, "2026-01-01T10:20:30Z");
        JobS3Prefix prefix = job.prefix();
        RunId run = new RunId(3);
        for (StorageKey key : List.of(prefix.jobConfig(), prefix.jobInput(), prefix.runConfig(run),
                prefix.runResults(run, Stage.FINAL), prefix.runLogs(run, Stage.FINAL))) {
            assertTrue(key.isUnder(prefix), key.value());
        }
        assertEquals("jobs/7/2026/01/01/102030/runs/3/final/results.zip", prefix.runResults(run, Stage.FINAL).value());
    }

    @Test
    void stagesOfOneRunNeverShareAKey() {
        JobS3Prefix prefix = job(7, "2026-01-01T10:20:30Z").prefix();
        RunId run = new RunId(3);
        assertNotEquals(prefix.runResults(run, new Stage("preprocess")), prefix.runResults(run, Stage.FINAL));
        assertNotEquals(prefix.runLogs(run, new Stage("preprocess")), prefix.runLogs(run, Stage.FINAL));
    }

    @Test
    void stageNamesCannotEscapeTheirFolder() {
        assertThrows(InvalidValue.class, () -> new Stage("../x"));
        assertThrows(InvalidValue.class, () -> new Stage("a/b"));
        assertThrows(InvalidValue.class, () -> new Stage(""));
    }
}
