package io.runvault.adapters.in.background;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.runvault.application.port.in.operations.ResumeOperationsUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapter: at start-up, picks up the operations a stop or crash interrupted. */
/* Only where the use cases are wired (the server), not in adapter tests that start a bare context. Once the server
   listens rather than before: resuming needs the storage client, and the start waited while it was built (about a
   tenth of a second of an embedded start in a profile). */
@Requires(beans = ResumeOperationsUseCase.class)
@Singleton
public class ResumeOnStartup implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeOnStartup.class);

    private final ResumeOperationsUseCase resume;

    public ResumeOnStartup(ResumeOperationsUseCase resume) {
        this.resume = resume;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        int resumed = resume.resumeAll();
        if (resumed > 0) {
            LOG.info("resuming {} interrupted operation(s)", resumed);
        }
    }
}
