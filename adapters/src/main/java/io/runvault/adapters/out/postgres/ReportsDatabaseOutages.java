package io.runvault.adapters.out.postgres;

import io.micronaut.aop.Around;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Postgres adapter: a database that cannot be reached surfaces from its methods as
 * {@link io.runvault.application.DatabaseUnavailable}, whichever wrapper (pool, connection, transaction, statement)
 * the failure arrived in. See {@link DatabaseOutages}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Around
public @interface ReportsDatabaseOutages {
}
