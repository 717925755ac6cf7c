package io.runvault.application.service.operations;

import io.runvault.application.AccessPolicy;
import io.runvault.application.port.in.operations.InstallLifecycleUseCase;
import io.runvault.application.port.out.BucketLifecycle;
import io.runvault.domain.LifecyclePolicy;
import io.runvault.domain.LifecycleRule;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.util.List;

/** Use case: install the configured lifecycle policy's rules on the store. */
public final class InstallLifecycle implements InstallLifecycleUseCase {
    private final BucketLifecycle lifecycle;
    private final LifecyclePolicy policy;
    private final AccessPolicy access;

    public InstallLifecycle(BucketLifecycle lifecycle, LifecyclePolicy policy, AccessPolicy access) {
        this.lifecycle = lifecycle;
        this.policy = policy;
        this.access = access;
    }

    @Override
    public List<LifecycleRule> install(Principal principal) {
        access.require(principal, "install lifecycle rules", Role.ADMIN);
        List<LifecycleRule> rules = policy.rules();
        lifecycle.install(rules);
        return rules;
    }
}
