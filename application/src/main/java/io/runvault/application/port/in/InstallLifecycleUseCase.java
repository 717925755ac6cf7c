package io.runvault.application.port.in;

import io.runvault.domain.LifecycleRule;
import java.util.List;

/** Use case: install the recommended bucket lifecycle rules; returns the rules installed. */
public interface InstallLifecycleUseCase {
    List<LifecycleRule> install();
}
