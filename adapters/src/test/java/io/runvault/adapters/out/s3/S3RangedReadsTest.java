package io.runvault.adapters.out.s3;

import io.runvault.adapters.testing.TestS3;
import io.runvault.application.contract.RangedReadsContract;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.RangedReads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** Ranged GETs against the in-process S3 server. */
class S3RangedReadsTest extends RangedReadsContract {
    private static final S3Clients CLIENTS = new S3Clients();
    private static S3Client s3;
    private static S3ArtifactObjects objects;
    private static S3RangedReads ranges;

    @BeforeAll
    static void connect() {
        S3Settings settings = TestS3.freshSettings();
        s3 = CLIENTS.s3Client(settings);
        S3Store store = new S3Store(s3, settings, ArchiveSettings.defaults());
        objects = new S3ArtifactObjects(store, settings);
        ranges = new S3RangedReads(store);
    }

    @AfterAll
    static void disconnect() {
        s3.close();
    }

    @Override
    protected ArtifactObjects objects() {
        return objects;
    }

    @Override
    protected RangedReads ranges() {
        return ranges;
    }
}
