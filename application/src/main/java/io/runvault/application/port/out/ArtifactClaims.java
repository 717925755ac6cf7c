package io.runvault.application.port.out;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.Checksum;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import io.runvault.domain.StorageKey;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Outgoing port: who may write an artifact's bytes. One writer at a time holds a claim on an identity, under a lease
 * the adapter renews while the claim is open; a claim whose holder died lapses and the next writer takes it. The
 * store is written only under a claim, so correctness never rests on the store honouring conditional writes.
 */
public interface ArtifactClaims {
    /** Reserves the identity at {@code key} if it is new, then claims it for writing unless it is stored or held. */
    Claim claim(ArtifactIdentity identity, StorageKey key);

    /**
     * Waits, at most {@code max}, until the artifact is stored or nobody holds a claim on it any more; returns the
     * row as it then is (still PENDING when its writer gave up or the wait ran out).
     */
    Optional<Artifact> awaitOutcome(ArtifactId id, Duration max);

    /** The artifact as recorded STORED, and whether its run moved in the same write. */
    record Recorded(Artifact artifact, boolean runMoved) {
    }

    /** The outcome of asking for a claim. */
    sealed interface Claim {
        Artifact artifact();
    }

    /** The artifact is stored already: compare, never write. */
    record Stored(Artifact artifact) implements Claim {
    }

    /** Another writer holds a live claim: wait for its outcome, then compare. */
    record HeldElsewhere(Artifact artifact) implements Claim {
    }

    /**
     * This writer holds the claim until it stores the artifact or closes the claim (which lets it go). Its lease is
     * renewed meanwhile; {@link #held()} turns false if a renewal finds the claim taken over.
     */
    non-sealed interface Granted extends Claim, AutoCloseable {
        /**
         * False when the row was just created, so no earlier writer can have left an object behind; true when it
         * existed (a lapsed claim taken over, a presigned reservation), so the store may hold one to verify.
         */
        boolean mayHaveLeftover();

        boolean held();

        /**
         * PENDING becomes STORED, fenced by this claim, with the store's tag of the object written (null when it gave
         * none): empty if the claim was lost meanwhile (nothing changed).
         */
        Optional<Artifact> markStored(long size, Checksum checksum, String tag);

        /**
         * {@link #markStored(long, Checksum, String)} and with it the run's compare-and-set from any of
         * {@code expected} to {@code target}, as {@link RunRepository#updateStatus(RunId, Set, RunStatus)} makes it,
         * when the adapter can make both in one write; empty as markStored (then the run is untouched too). The
         * outcome says whether the run moved: when it did not, the caller moves it through the run repository.
         */
        default Optional<Recorded> markStoredMovingRun(long size, Checksum checksum, String tag, RunId run,
                Set<RunStatus> expected, RunStatus target) {
            return markStored(size, checksum, tag).map(artifact -> new Recorded(artifact, false));
        }

        /** {@link #markStored(long, Checksum, String)} without a tag. */
        default Optional<Artifact> markStored(long size, Checksum checksum) {
            return markStored(size, checksum, null);
        }

        /** Lets the claim go unless it already ended in a store; never throws. */
        @Override
        void close();
    }
}
