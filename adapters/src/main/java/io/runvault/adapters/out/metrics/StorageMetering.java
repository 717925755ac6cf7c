package io.runvault.adapters.out.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.runvault.application.port.out.ArtifactStorage;
import jakarta.inject.Singleton;

/** Wraps whichever {@link ArtifactStorage} the context builds in a {@link MeteredArtifactStorage}. */
@Singleton
@Requires(beans = MeterRegistry.class)
public class StorageMetering implements BeanCreatedEventListener<ArtifactStorage> {
    // A provider: the registry is looked up when the storage is built, not when this listener is.
    private final BeanProvider<MeterRegistry> registry;

    public StorageMetering(BeanProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public ArtifactStorage onCreated(BeanCreatedEvent<ArtifactStorage> event) {
        ArtifactStorage storage = event.getBean();
        return storage instanceof MeteredArtifactStorage ? storage : new MeteredArtifactStorage(storage, registry.get());
    }
}
