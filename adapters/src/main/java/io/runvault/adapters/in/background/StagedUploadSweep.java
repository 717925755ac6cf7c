package io.runvault.adapters.in.background;

import io.micronaut.scheduling.annotation.Scheduled;
import io.runvault.adapters.AdapterSettings;
import io.runvault.application.port.in.artifacts.NoticeStagedUploadsUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: now and then, stores what clients PUT to staging keys with plain presigned URLs (the Epistemix API's
 * uploads) even if nobody reads the job meanwhile; a read of the job through /epx does the same for that job at once.
 */
@Singleton
public class StagedUploadSweep {
    private static final String INTERVAL = "${runvault.epx.sweep-interval:" + AdapterSettings.Epx.SWEEP_INTERVAL + "}";
    private static final Logger LOG = LoggerFactory.getLogger(StagedUploadSweep.class);

    private final NoticeStagedUploadsUseCase notice;

    public StagedUploadSweep(NoticeStagedUploadsUseCase notice) {
        this.notice = notice;
    }

    @Scheduled(initialDelay = INTERVAL, fixedDelay = INTERVAL)
    void sweep() {
        Upkeep.round(LOG, notice::noticeAll, "stored {} staged upload(s)", "storing staged uploads failed");
    }
}
