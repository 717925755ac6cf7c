package io.runvault.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutagesTest {
    private static RuntimeException poolTimeout(String state) {
        return new RuntimeException(new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3005ms (" + state + ")."));
    }

    @Test
    void aPoolWhoseEveryConnectionIsWorkingIsUnderLoadNotDown() {
        assertTrue(DatabaseOutages.saturated(poolTimeout("total=20, active=20, idle=0, waiting=130")));
    }

    @Test
    void aQueueLongerThanThePoolIsLoadEvenWhileConnectionsAreHandedOn() {
        assertTrue(DatabaseOutages.saturated(poolTimeout("total=20, active=16, idle=4, waiting=194")));
    }

    @Test
    void aPoolThatCannotOpenConnectionsIsAnOutage() {
        RuntimeException down = poolTimeout("total=0, active=0, idle=0, waiting=3");
        assertFalse(DatabaseOutages.saturated(down));
        assertNotNull(DatabaseOutages.outage(down));
        assertFalse(DatabaseOutages.saturated(poolTimeout("total=20, active=19, idle=1, waiting=3")),
                "a connection not working, with few waiting, is not saturation");
    }
}
