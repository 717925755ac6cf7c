package io.runvault.adapters.in.background;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.runvault.application.port.in.ResumeOperationsUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapter: at start-up, picks up the operations a stop or crash interrupted. */
/* Only where the use cases are wired (the server), not in adapter tests that start a bare context. */
@Requires(beans = ResumeOperationsUseCase.class)
@Singleton
public class ResumeOnStartup implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeOnStartup.class);

    private final ResumeOperationsUseCase resume;

    public ResumeOnStartup(ResumeOperationsUseCase resume) {
        this.resume = resume;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        int resumed = resume.resumeAll();
        if (resumed > 0) {
            LOG.info("resuming {} interrupted operation(s)", resumed);
        }
    }
}
