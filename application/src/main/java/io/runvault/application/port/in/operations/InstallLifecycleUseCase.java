package io.runvault.application.port.in.operations;

import io.runvault.domain.LifecycleRule;
import io.runvault.domain.Principal;
import java.util.List;

/** Use case: an admin installs the recommended bucket lifecycle rules; returns the rules installed. */
public interface InstallLifecycleUseCase {
    List<LifecycleRule> install(Principal principal);
}
