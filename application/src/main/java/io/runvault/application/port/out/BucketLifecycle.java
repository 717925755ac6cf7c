package io.runvault.application.port.out;

import io.runvault.domain.LifecycleRule;
import java.util.List;

/** Outgoing port: the object store's own expiry and transition rules, set per bucket. */
public interface BucketLifecycle {
    /**
     * Replaces the lifecycle configuration of the bucket(s) behind the rules' tiers with these rules.
     *
     * @throws io.runvault.application.StorageUnsupported if the store does not implement lifecycle rules
     * @throws io.runvault.application.StorageFailure if the store refused them
     */
    void install(List<LifecycleRule> rules);
}
