package io.runvault.application.service;

import io.runvault.application.port.in.InstallLifecycleUseCase;
import io.runvault.application.port.out.BucketLifecycle;
import io.runvault.domain.LifecyclePolicy;
import io.runvault.domain.LifecycleRule;
import java.util.List;

/** Use case: install the configured lifecycle policy's rules on the store. */
public final class InstallLifecycle implements InstallLifecycleUseCase {
    private final BucketLifecycle lifecycle;
    private final LifecyclePolicy policy;

    public InstallLifecycle(BucketLifecycle lifecycle, LifecyclePolicy policy) {
        this.lifecycle = lifecycle;
        this.policy = policy;
    }

    @Override
    public List<LifecycleRule> install() {
        List<LifecycleRule> rules = policy.rules();
        lifecycle.install(rules);
        return rules;
    }
}
