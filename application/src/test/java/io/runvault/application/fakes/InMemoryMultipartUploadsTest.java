package io.runvault.application.fakes;

import io.runvault.application.contract.MultipartUploadsContract;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.MultipartUploads;
import io.runvault.domain.PresignedUrl;
import java.time.Clock;

/** The multipart fake obeys the same contract as the real store. */
class InMemoryMultipartUploadsTest extends MultipartUploadsContract {
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();
    private final InMemoryMultipartUploads uploads = new InMemoryMultipartUploads(storage, Clock.systemUTC());

    @Override
    protected MultipartUploads uploads() {
        return uploads;
    }

    @Override
    protected ArtifactObjects objects() {
        return storage;
    }

    @Override
    protected void putPart(PresignedUrl url, byte[] body) {
        uploads.acceptPart(url, body);
    }
}
