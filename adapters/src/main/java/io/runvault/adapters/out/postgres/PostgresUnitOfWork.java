package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.port.out.UnitOfWork;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Supplier;

/** Adapter: one Postgres transaction, which the repositories called within it join. */
@ReportsDatabaseOutages
@Singleton
public class PostgresUnitOfWork implements UnitOfWork {
    private final TransactionOperations<Connection> tx;

    public PostgresUnitOfWork(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public <T> T inOneTransaction(Supplier<T> work) {
        return tx.executeWrite(status -> work.get());
    }
}
