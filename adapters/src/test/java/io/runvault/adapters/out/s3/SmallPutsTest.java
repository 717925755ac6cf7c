package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.runvault.adapters.testing.TcpProxy;
import io.runvault.adapters.testing.TestS3;
import io.runvault.domain.Checksum;
import io.runvault.domain.StorageKey;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Small puts on their own HTTP client: what a pooled connection the store has closed does to the next one. */
class SmallPutsTest {

    @Test
    void aPutOnAConnectionTheStoreClosedMeanwhileIsSentAgainOnANewOne() throws Exception {
        S3Settings direct = TestS3.freshSettings();
        URI endpoint = direct.endpoint();
        try (TcpProxy proxy = TcpProxy.to(endpoint.getHost(), endpoint.getPort());
                SmallPuts puts = SmallPuts.of(S3Settings.of(URI.create("http://127.0.0.1:" + proxy.port()),
                        direct.bucket(), TestS3.ACCESS_KEY, TestS3.SECRET_KEY));
                S3Client s3 = new S3Clients().s3Client(direct)) {
            byte[] first = {1, 2, 3};
            assertNull(puts.putIfAbsent(new StorageKey("k/first"), first, 3, sha256(first), Map.of()).refusal());

            proxy.closeConnections();
            byte[] second = {4, 5, 6, 7};
            SmallPuts.Outcome outcome = puts.putIfAbsent(new StorageKey("k/second"), second, 4, sha256(second),
                    Map.of());

            assertNull(outcome.refusal());
            assertNotNull(outcome.eTag());
            assertArrayEquals(second, s3.getObjectAsBytes(b -> b.bucket(direct.bucket()).key("k/second"))
                    .asByteArray());
        }
    }

    @Test
    void aKeyThatIsTakenIsRefusedWith412AndKeepsItsBytes() throws Exception {
        S3Settings settings = TestS3.freshSettings();
        try (SmallPuts puts = SmallPuts.of(settings); S3Client s3 = new S3Clients().s3Client(settings)) {
            byte[] first = {1};
            byte[] other = {2};
            puts.putIfAbsent(new StorageKey("taken"), first, 1, sha256(first), Map.of());

            SmallPuts.Outcome again = puts.putIfAbsent(new StorageKey("taken"), other, 1, sha256(other), Map.of());

            assertEquals(412, again.refusal().status());
            assertArrayEquals(first, s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key("taken"))
                    .asByteArray());
        }
    }

    private static Checksum sha256(byte[] bytes) throws Exception {
        return Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
