package io.runvault.bootstrap;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.management.health.indicator.HealthResult;
import io.runvault.adapters.out.s3.StorageHealthIndicator;
import io.runvault.application.port.out.ArtifactLinks;
import io.runvault.application.port.out.ArtifactObjects;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Builds the storage adapters and runs the storage health check once while the rest of the server starts, on a thread
 * of its own. The S3 client, presigner and the SDK's request path are the largest single part of a start (thousands
 * of classes); built here, beside the database migration and the HTTP server, they no longer wait in line on the main
 * thread or for the first probe. The check's result is dropped: a probe always checks again.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class StorageWarmUp {

    // First of the eager beans, so the thread starts before the connection pool and the migration take the main one.
    // The storage adapters (client and presigner) come first: resuming operations needs them as soon as the context
    // has started; the check, for the first probe, after them.
    StorageWarmUp(BeanProvider<StorageHealthIndicator> check, BeanProvider<ArtifactObjects> objects,
            BeanProvider<ArtifactLinks> links) {
        Thread.ofPlatform().name("storage-warm-up").daemon().start(() -> {
            try {
                objects.get();
                links.get();
                checkOnce(check.get());
            } catch (RuntimeException e) {
                // Whatever failed here fails again, and is reported, where the server itself needs it.
            }
        });
    }

    private static void checkOnce(StorageHealthIndicator storage) {
        storage.getResult().subscribe(new Subscriber<HealthResult>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(HealthResult result) {
                // Dropped: see above.
            }

            @Override
            public void onError(Throwable error) {
                // The indicator reports failures as DOWN itself; anything else shows at the first probe.
            }

            @Override
            public void onComplete() {
                // Nothing to do.
            }
        });
    }
}
