package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.runvault.adapters.testing.TestS3;
import io.runvault.devservices.EmbeddedS3Server;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.DeclaredLength;
import io.runvault.domain.JobId;
import io.runvault.domain.JobS3Prefix;
import io.runvault.domain.StorageKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

class EmbeddedS3ServerTest {
    private static final StorageKey KEY = new JobS3Prefix("jobs/1/2026/01/02/030405/")
            .keyFor(new ArtifactIdentity(new JobId(1), null, ArtifactKind.JOB_INPUT, null));
    private static final byte[] BODY = "kept across restarts".getBytes(StandardCharsets.UTF_8);

    @Test
    void picksAFreePortOnLoopbackAndReportsIt() {
        try (EmbeddedS3Server server = EmbeddedS3Server.startInMemory("k", "secret-k", "bucket-a")) {
            assertEquals("127.0.0.1", server.endpoint().getHost());
            assertNotEquals(0, server.endpoint().getPort());
        }
    }

    @Test
    void aDirectoryKeepsObjectsAcrossRestarts(@TempDir Path dir) throws IOException {
        int port;
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dir, 0, "k", "secret-k", "runvault")) {
            port = server.endpoint().getPort();
            withStorage(server, storage -> storage.putIfAbsent(KEY, new ByteArrayInputStream(BODY),
                    DeclaredLength.of(BODY.length)));
        }
        try (EmbeddedS3Server again = EmbeddedS3Server.start(dir, 0, "k", "secret-k", "runvault")) {
            byte[][] read = new byte[1][];
            withStorage(again, storage -> {
                try (InputStream in = storage.open(KEY)) {
                    read[0] = in.readAllBytes();
                }
            });
            assertArrayEquals(BODY, read[0], "restarted on port " + again.endpoint().getPort() + " after " + port);
        }
    }

    private interface StorageUse {
        void use(S3ArtifactObjects storage) throws IOException;
    }

    private static void withStorage(EmbeddedS3Server server, StorageUse use) throws IOException {
        S3Settings settings = TestS3.settings(server, server.bucket());
        S3Clients clients = new S3Clients();
        try (S3Client s3 = clients.s3Client(settings)) {
            use.use(new S3ArtifactObjects(new S3Store(s3, settings), settings));
        }
    }
}
