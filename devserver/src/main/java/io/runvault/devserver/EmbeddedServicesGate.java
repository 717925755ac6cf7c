package io.runvault.devserver;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.runvault.adapters.out.s3.S3Settings;
import jakarta.inject.Singleton;

/**
 * The embedded services start beside the application context ({@link EmbeddedDefaults}); these listeners hold the
 * context at the first thing that would reach each one, the settings it is reached through, until it is up. Nothing
 * connects to the database or the storage without first creating these settings beans.
 */
final class EmbeddedServicesGate {
    private EmbeddedServicesGate() {
    }

    /** The connection pool is built from these settings and connects at once. */
    @Singleton
    @Requires(beans = EmbeddedDefaults.Started.class)
    static final class Database implements BeanCreatedEventListener<DatasourceConfiguration> {
        private final EmbeddedDefaults.Started embedded;

        Database(EmbeddedDefaults.Started embedded) {
            this.embedded = embedded;
        }

        @Override
        public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
            embedded.awaitPostgres();
            return event.getBean();
        }
    }

    /** The S3 client, the health indicator and the storage adapter all start from these settings. */
    @Singleton
    @Requires(beans = EmbeddedDefaults.Started.class)
    static final class Storage implements BeanCreatedEventListener<S3Settings> {
        private final EmbeddedDefaults.Started embedded;

        Storage(EmbeddedDefaults.Started embedded) {
            this.embedded = embedded;
        }

        @Override
        public S3Settings onCreated(BeanCreatedEvent<S3Settings> event) {
            embedded.awaitS3();
            return event.getBean();
        }
    }
}
