package io.runvault.adapters.in.background;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.runvault.adapters.AdapterSettings;
import io.runvault.application.port.in.operations.ResumeOperationsUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: once per lease, takes over the RUNNING operations nobody's claim covers any more, such as those of a
 * server that died while another one stays up. A start does the same at once ({@link ResumeOnStartup}).
 */
/* Only where the use cases are wired (the server), not in adapter tests that start a bare context. */
@Requires(beans = ResumeOperationsUseCase.class)
@Singleton
public class ResumeUnclaimedOperations {
    private static final String LEASE = "${runvault.operations.lease:" + AdapterSettings.Operations.LEASE + "}";
    private static final Logger LOG = LoggerFactory.getLogger(ResumeUnclaimedOperations.class);

    private final ResumeOperationsUseCase resume;

    public ResumeUnclaimedOperations(ResumeOperationsUseCase resume) {
        this.resume = resume;
    }

    @Scheduled(initialDelay = LEASE, fixedDelay = LEASE)
    void sweep() {
        Upkeep.round(LOG, resume::resumeAll, "took over {} operation(s) whose runner stopped renewing its claim",
                "looking for unclaimed operations failed");
    }
}
