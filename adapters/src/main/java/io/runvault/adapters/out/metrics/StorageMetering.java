package io.runvault.adapters.out.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.runvault.application.port.out.ArtifactObjects;
import jakarta.inject.Singleton;

/**
 * Wraps whichever {@link ArtifactObjects} the context builds in a {@link MeteredArtifactObjects}: writes through the
 * server are what is metered, so the other storage ports stay as built.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
public class StorageMetering implements BeanCreatedEventListener<ArtifactObjects> {
    // A provider: the registry is looked up when the storage is built, not when this listener is.
    private final BeanProvider<MeterRegistry> registry;

    public StorageMetering(BeanProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public ArtifactObjects onCreated(BeanCreatedEvent<ArtifactObjects> event) {
        ArtifactObjects objects = event.getBean();
        return objects instanceof MeteredArtifactObjects ? objects
                : new MeteredArtifactObjects(objects, registry.get());
    }
}
