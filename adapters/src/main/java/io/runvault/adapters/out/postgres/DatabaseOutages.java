package io.runvault.adapters.out.postgres;

import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.runvault.application.DatabaseUnavailable;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapter advice for {@link ReportsDatabaseOutages}: no connection from the pool within its timeout, or a connection
 * failing mid-statement or at commit, becomes {@link DatabaseUnavailable}; any other failure passes unchanged.
 *
 * <p>A pool whose every connection is busy working is a database under load, not one that is down: a burst of
 * requests then waits for the pool again (a bounded number of times) instead of being told the database is gone.
 */
@Singleton
@InterceptorBean(ReportsDatabaseOutages.class)
public class DatabaseOutages implements MethodInterceptor<Object, Object> {
    /**
     * What the pool's proxy says once it has evicted a connection that broke (on a connection error), e.g. when the
     * connection's read-only flag is reset after the failed statement and that error is the one that surfaces.
     */
    private static final String HIKARI_CLOSED = "Connection is closed";
    /** How the pool describes itself when it times out: its connections, how many are working, and who waits. */
    private static final Pattern POOL = Pattern.compile("total=(\\d+), active=(\\d+), idle=(\\d+), waiting=(\\d+)");
    /** Further waits for a saturated pool before a request gives up. */
    private static final int LOAD_WAITS = 3;

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        for (int wait = 0; ; wait++) {
            try {
                return context.proceed(this);
            } catch (RuntimeException e) {
                if (wait < LOAD_WAITS && saturated(e)) {
                    // The statement that timed out never ran. A method whose earlier transaction had committed is
                    // repeated whole, which is safe: every write here is a compare-and-set or create-only.
                    continue;
                }
                throw reported(e);
            }
        }
    }

    private static RuntimeException reported(RuntimeException e) {
        String outage = outage(e);
        return outage == null ? e : new DatabaseUnavailable("the database is unavailable (" + outage + ")");
    }

    /**
     * The pool timed out while it held open connections that were all working, or while more requests queued for them
     * than it holds (the idle ones are being handed on down the queue): load, not an outage. A pool with no connection
     * at all is one that cannot reach the database.
     */
    static boolean saturated(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException && cause.getMessage() != null) {
                Matcher pool = POOL.matcher(cause.getMessage());
                if (!pool.find()) {
                    return false;
                }
                int total = Integer.parseInt(pool.group(1));
                int active = Integer.parseInt(pool.group(2));
                int waiting = Integer.parseInt(pool.group(4));
                return total > 0 && (active == total || waiting > total);
            }
        }
        return false;
    }

    /**
     * The cause when it says the database was not reached: no connection from the pool in time, or SQLSTATE class 08
     * (connection exception) or 57P (the server shutting down, or not accepting connections yet), or a connection the
     * pool has evicted as broken. Null otherwise.
     */
    static String outage(Throwable failure) {
        for (Throwable suppressed : failure.getSuppressed()) {
            String outage = outage(suppressed);
            if (outage != null) {
                return outage;
            }
        }
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailable) {
                return null;
            }
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLException sql && (isConnectionState(sql.getSQLState())
                    || HIKARI_CLOSED.equals(sql.getMessage()))) {
                return cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        return null;
    }

    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
