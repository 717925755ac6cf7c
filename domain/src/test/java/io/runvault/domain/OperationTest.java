package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationTest {
    private static final RunnerId RUNNER = new RunnerId("runner");

    private static Operation operation(OperationState state, long total, long done, long failed, String error) {
        Instant now = Instant.parse("2026-05-06T07:08:09Z");
        return new Operation(new OperationId(7), OperationKind.ARCHIVE, new JobId(3), state, new Owner("admin"),
                total, done, failed, null, error, now, now, null);
    }

    @Test
    void onlyARunningOperationIsClaimedAndTheClaimIsTheFenceOfItsWrites() {
        assertEquals(Optional.of(new Fence(new OperationId(7), RUNNER)),
                operation(OperationState.RUNNING, 0, 0, 0, null).claimableBy(RUNNER));
        for (OperationState state : new OperationState[] {OperationState.FAILED, OperationState.SUCCEEDED,
                OperationState.SUPERSEDED}) {
            assertTrue(operation(state, 0, 0, 0, null).claimableBy(RUNNER).isEmpty(), state::name);
        }
    }

    @Test
    void aRunSucceedsOnlyWhenEveryStepIsDone() {
        assertEquals(new Operation.Ending(OperationState.SUCCEEDED, null),
                operation(OperationState.RUNNING, 3, 3, 0, null).ending(null));
        assertEquals(OperationState.FAILED, operation(OperationState.RUNNING, 3, 2, 1, null).ending(null).state());
        assertEquals(OperationState.FAILED, operation(OperationState.RUNNING, 3, 2, 0, null).ending(null).state());
        assertEquals(new Operation.Ending(OperationState.FAILED, "store down"),
                operation(OperationState.RUNNING, 3, 3, 0, null).ending("store down"));
    }

    @Test
    void aRunEndsOnlySucceededOrFailed() {
        assertThrows(IllegalTransition.class, () -> new Operation.Ending(OperationState.RUNNING, null));
        assertThrows(IllegalTransition.class, () -> new Operation.Ending(OperationState.SUPERSEDED, null));
    }

    @Test
    void aFailedOperationIsReopenedWithItsErrorCleared() {
        Operation.Transition reopen = operation(OperationState.FAILED, 3, 2, 1, "1 step(s) failed").reopen();

        assertEquals(OperationState.FAILED, reopen.from());
        assertEquals(OperationState.RUNNING, reopen.to());
        assertNull(reopen.error());
    }

    @Test
    void aFailedOperationIsSupersededKeepingWhyItFailed() {
        Operation.Transition supersede = operation(OperationState.FAILED, 3, 2, 1, "store down").supersede();

        assertEquals(OperationState.SUPERSEDED, supersede.to());
        assertEquals("store down", supersede.error());
    }

    @Test
    void onlyAFailedOperationIsReopenedOrSuperseded() {
        for (OperationState state : new OperationState[] {OperationState.RUNNING, OperationState.SUCCEEDED,
                OperationState.SUPERSEDED}) {
            Operation operation = operation(state, 0, 0, 0, null);
            assertThrows(IllegalTransition.class, operation::reopen, state::name);
            assertThrows(IllegalTransition.class, operation::supersede, state::name);
        }
    }
}
