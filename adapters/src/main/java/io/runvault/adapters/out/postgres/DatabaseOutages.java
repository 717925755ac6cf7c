package io.runvault.adapters.out.postgres;

import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.runvault.application.DatabaseUnavailable;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Adapter advice for {@link ReportsDatabaseOutages}: no connection from the pool within its timeout, or a connection
 * failing mid-statement or at commit, becomes {@link DatabaseUnavailable}; any other failure passes unchanged.
 */
@Singleton
@InterceptorBean(ReportsDatabaseOutages.class)
public class DatabaseOutages implements MethodInterceptor<Object, Object> {
    /**
     * What the pool's proxy says once it has evicted a connection that broke (on a connection error), e.g. when the
     * connection's read-only flag is reset after the failed statement and that error is the one that surfaces.
     */
    private static final String HIKARI_CLOSED = "Connection is closed";

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        try {
            return context.proceed();
        } catch (RuntimeException e) {
            String outage = outage(e);
            if (outage != null) {
                throw new DatabaseUnavailable("the database is unavailable (" + outage + ")");
            }
            throw e;
        }
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
