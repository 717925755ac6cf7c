package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        for (ArtifactKind kind : ArtifactKind.values()) {
            var identity = new ArtifactIdentity(job.id(), kind.ofRun() ? new RunId(3) : null, kind, Stage.FINAL);
            assertTrue(prefix.keyFor(identity).isUnder(prefix), kind.name());
        }
    }

    @Test
    void theFinalStageUsesTheDesignsNamesDirectlyUnderThePrefix() {
        Job job = job(7, "2026-01-01T10:20:30Z");
        var run = new RunId(4);
        Map<String, String> keys = new LinkedHashMap<>();
        for (ArtifactKind kind : ArtifactKind.values()) {
            var identity = new ArtifactIdentity(job.id(), kind.ofRun() ? run : null, kind, Stage.FINAL);
            keys.put(kind.wireName(), job.prefix().keyFor(identity).value());
        }
        String prefix = "jobs/7/2026/01/01/102030/";
        assertEquals(Map.of("job_input", prefix + "job_input.zip", "job_config", prefix + "job_config.json",
                "run_config", prefix + "run_4_config.json", "run_results", prefix + "run_4_results.zip",
                "run_logs", prefix + "run_4_logs.log"), keys);
        assertEquals(keys.size(), keys.values().stream().map(key -> key.substring(key.lastIndexOf('/') + 1))
                .distinct().count(), "basenames never repeat, so a flat download of a job overwrites nothing");
    }

    @Test
    void otherStagesKeepTheSameNamesUnderTheirOwnFolder() {
        Job job = job(7, "2026-01-01T10:20:30Z");
        assertEquals("jobs/7/2026/01/01/102030/stages/preprocess/run_4_results.zip", job.prefix()
                .keyFor(ArtifactIdentity.runResults(job.id(), new RunId(4), new Stage("preprocess"))).value());
        assertEquals("jobs/7/2026/01/01/102030/stages/post/job_input.zip", job.prefix()
                .keyFor(new ArtifactIdentity(job.id(), null, ArtifactKind.JOB_INPUT, new Stage("post"))).value());
    }

    @Test
    void everyPartOfAnArtifactsIdentityIsInItsKey() {
        Job job = job(7, "2026-01-01T10:20:30Z");
        Set<String> keys = new HashSet<>();
        int identities = 0;
        for (ArtifactKind kind : ArtifactKind.values()) {
            for (String stage : List.of("final", "preprocess", "post")) {
                for (long run : kind.ofRun() ? List.of(1L, 2L) : List.of(0L)) {
                    var identity = new ArtifactIdentity(job.id(), run == 0 ? null : new RunId(run), kind,
                            new Stage(stage));
                    keys.add(job.prefix().keyFor(identity).value());
                    identities++;
                }
            }
        }
        assertEquals(identities, keys.size());
    }

    @Test
    void aKeyIsNeverBuiltUnderAnotherJobsPrefix() {
        JobS3Prefix prefix = job(7, "2026-01-01T10:20:30Z").prefix();
        var foreign = ArtifactIdentity.runResults(new JobId(70), new RunId(1), Stage.FINAL);
        assertThrows(IllegalArgumentException.class, () -> prefix.keyFor(foreign));
    }

    @Test
    void runKindsNeedARunAndJobKindsRefuseOne() {
        assertThrows(InvalidValue.class, () -> new ArtifactIdentity(new JobId(1), null, ArtifactKind.RUN_LOGS, null));
        assertThrows(InvalidValue.class,
                () -> new ArtifactIdentity(new JobId(1), new RunId(1), ArtifactKind.JOB_INPUT, null));
        assertEquals(Stage.FINAL, new ArtifactIdentity(new JobId(1), null, ArtifactKind.JOB_INPUT, null).stage());
    }

    @Test
    void stageNamesCannotEscapeTheirFolder() {
        assertThrows(InvalidValue.class, () -> new Stage("../x"));
        assertThrows(InvalidValue.class, () -> new Stage("a/b"));
        assertThrows(InvalidValue.class, () -> new Stage(""));
    }

    @Test
    void stagedUploadsWaitOutsideEveryJobsPrefixAndNameTheirJob() {
        Job job = job(7, "2026-01-01T10:20:30Z");
        StorageKey key = job.prefix().keyFor(new ArtifactIdentity(job.id(), null, ArtifactKind.JOB_INPUT, null));
        StorageKey staged = job.prefix().stagingKeyFor(key);

        assertEquals("incoming/jobs/7/2026/01/01/102030/job_input.zip", staged.value());
        assertTrue(!staged.isUnder(job.prefix()) && job.prefix().staged().contains(staged));
        assertTrue(JobS3Prefix.stagedOf(job.id()).contains(staged));
        assertTrue(!JobS3Prefix.stagedOf(new JobId(70)).contains(staged));
        assertEquals(java.util.Optional.of(job.id()), JobS3Prefix.jobOfStaged(staged));
        assertEquals(java.util.Optional.empty(), JobS3Prefix.jobOfStaged(key));
        assertThrows(IllegalArgumentException.class, () -> job(8, "2026-01-01T10:20:30Z").prefix().stagingKeyFor(key));
    }

    @Test
    void eachSingleUploadWaitsAtAStagingKeyOfItsOwnThatNoArtifactOrStagedUploadShares() {
        Job job = job(7, "2026-01-01T10:20:30Z");
        var identity = new ArtifactIdentity(job.id(), new RunId(3), ArtifactKind.RUN_RESULTS, null);
        SingleUploadId one = SingleUploadId.random();
        SingleUploadId other = SingleUploadId.random();
        StorageKey key = job.prefix().uploadKeyFor(identity, one);

        assertEquals("incoming/jobs/7/2026/01/01/102030/run_3_results.zip." + one.value(), key.value());
        assertTrue(!key.equals(job.prefix().uploadKeyFor(identity, other)));
        assertTrue(!key.equals(job.prefix().stagingKeyFor(job.prefix().keyFor(identity))));
        assertTrue(!key.isUnder(job.prefix()) && job.prefix().staged().contains(key));
        assertEquals(java.util.Optional.of(job.id()), JobS3Prefix.jobOfStaged(key));
        assertTrue(JobS3Prefix.isUploadKey(key));
        assertTrue(!JobS3Prefix.isUploadKey(job.prefix().stagingKeyFor(job.prefix().keyFor(identity))));
        assertTrue(!JobS3Prefix.isUploadKey(job.prefix().keyFor(identity)));
    }

    @Test
    void singleUploadIdsAreStrictSoNoneReachesOutsideItsKey() {
        assertTrue(SingleUploadId.isOne(SingleUploadId.random().value()));
        for (String bad : List.of("", "put-", "put-../../jobs/1/x", "put-0123456789ABCDEF0123456789abcdef",
                "put-0123456789abcdef0123456789abcdef/x", "2~abcdefabcdefabcdef", "put-0123456789abcdef")) {
            assertTrue(!SingleUploadId.isOne(bad), bad);
            assertThrows(InvalidValue.class, () -> new SingleUploadId(bad));
        }
    }
}
