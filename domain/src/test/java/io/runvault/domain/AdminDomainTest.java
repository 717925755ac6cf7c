package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminDomainTest {
    private static final Job JOB = new Job(new JobId(42), new Owner("o"), Tags.none(), JobStatus.COMPLETED,
            Instant.parse("2026-11-22T22:33:32Z"));

    @Test
    void everyStatusButPurgingMayBePurgedAndPurgingIsTheEnd() {
        for (JobStatus status : JobStatus.values()) {
            assertEquals(status != JobStatus.PURGING, status.canMoveTo(JobStatus.PURGING), status::name);
        }
        assertEquals(Set.of(), JobStatus.PURGING.next());
        assertFalse(JobStatus.PURGING.acceptsRuns());
        assertFalse(JobStatus.COMPLETED.acceptsRuns(), "purgeable is not open");
        assertThrows(IllegalTransition.class, () -> JOB.moveTo(JobStatus.PURGING).moveTo(JobStatus.CANCELLED));
    }

    @Test
    void archiveKeysAndPrefixesFollowFromTheIdentityUnderAFixedRoot() {
        var identity = ArtifactIdentity.runResults(JOB.id(), new RunId(7), Stage.FINAL);

        var key = JOB.prefix().keyFor(identity);
        assertEquals("archive/jobs/42/2026/11/22/223332/run_7_results.zip", JOB.prefix().archiveKeyFor(key).value());
        var olderLayout = new StorageKey("jobs/42/2026/11/22/223332/runs/7/final/results.zip");
        assertEquals("archive/" + olderLayout.value(), JOB.prefix().archiveKeyFor(olderLayout).value(),
                "an artifact keeps the key its row records, archived too");
        assertEquals("jobs/42/2026/11/22/223332/", JOB.prefix().primary().value());
        assertEquals("archive/jobs/42/2026/11/22/223332/", JOB.prefix().archived().value());
        assertTrue(JOB.prefix().archived().contains(JOB.prefix().archiveKeyFor(key)));
        assertFalse(JOB.prefix().primary().contains(JOB.prefix().archiveKeyFor(key)));
    }

    @Test
    void operationsResumeFromFailedButNotFromTheirEnds() {
        assertTrue(OperationState.FAILED.canMoveTo(OperationState.RUNNING));
        assertTrue(OperationState.SUCCEEDED.isFinished());
        assertTrue(OperationState.SUPERSEDED.isFinished());
        assertFalse(OperationState.FAILED.isFinished());
        assertFalse(OperationState.SUCCEEDED.canMoveTo(OperationState.RUNNING));
    }

    @Test
    void theRecommendedLifecycleAbortsUploadsEverywhereExpiresOnlyStagedOnesAndTransitionsOnlyTheArchive() {
        assertEquals(List.of(
                new LifecycleRule("runvault-abort-incomplete-uploads", StorageTier.PRIMARY, null, 7, null, null),
                new LifecycleRule("runvault-abort-incomplete-uploads", StorageTier.ARCHIVE, null, 7, null, null),
                new LifecycleRule("runvault-expire-staged-uploads", StorageTier.PRIMARY,
                        new StoragePrefix("incoming/"), null, null, null, 7)),
                new LifecyclePolicy(7, "", 30).rules());

        List<LifecycleRule> withTransition = new LifecyclePolicy(3, "GLACIER_IR", 0).rules();
        assertEquals(new LifecycleRule("runvault-archive-transition", StorageTier.ARCHIVE,
                new StoragePrefix("archive/"), null, "GLACIER_IR", 0), withTransition.getLast());
        assertEquals(3, withTransition.getFirst().abortIncompleteUploadsAfterDays());
        assertEquals(3, withTransition.get(2).expireAfterDays());
        assertThrows(InvalidValue.class, () -> new LifecyclePolicy(0, null, 30));
    }

    @Test
    void onlyAPrefixOfItsOwnMayExpireNeverTheWholeBucket() {
        assertThrows(InvalidValue.class,
                () -> new LifecycleRule("runvault-x", StorageTier.PRIMARY, null, null, null, null, 7));
        assertThrows(InvalidValue.class, () -> new LifecycleRule("runvault-x", StorageTier.PRIMARY,
                new StoragePrefix("incoming/"), null, null, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LifecycleRule("runvault-x", StorageTier.PRIMARY, null, null, null, null, null));
    }

    @Test
    void aTokenIsUsableUntilItExpiresOrIsRevokedAndCannotExpireBeforeItExists() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant expires = created.plusSeconds(3600);
        var token = new ApiToken(new TokenId(1), "t", Principal.client("c"), "rv_abc", created, expires, null);
        assertTrue(token.isUsableAt(expires.minusNanos(1)));
        assertFalse(token.isUsableAt(expires));
        var revoked = new ApiToken(new TokenId(1), "t", Principal.client("c"), "rv_abc", created, null,
                created.plusSeconds(1));
        assertFalse(revoked.isUsableAt(created.plusSeconds(2)));
        assertTrue(new ApiToken(new TokenId(1), "t", Principal.client("c"), "rv_abc", created, null, null)
                .isUsableAt(Instant.MAX));
        assertThrows(InvalidValue.class,
                () -> new ApiToken(new TokenId(1), "t", Principal.client("c"), "rv_abc", created, created, null));
    }
}
