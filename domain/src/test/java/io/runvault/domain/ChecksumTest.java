package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void sha256HexNormalisesCaseSoEqualDigestsAreEqual() {
        assertEquals(Checksum.sha256Hex(EMPTY_SHA256), Checksum.sha256Hex(EMPTY_SHA256.toUpperCase()));
    }

    @Test
    void sha256OfDigestBytesIsLowercaseHex() throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("".getBytes(StandardCharsets.UTF_8));
        assertEquals(EMPTY_SHA256, Checksum.sha256(digest).value());
    }

    @Test
    void refusesWrongLengthsAndNonHex() {
        assertThrows(InvalidValue.class, () -> Checksum.sha256Hex("abc"));
        assertThrows(InvalidValue.class, () -> Checksum.sha256Hex(EMPTY_SHA256.replace('e', 'g')));
        assertThrows(InvalidValue.class, () -> new Checksum(Checksum.Algorithm.CRC32C, EMPTY_SHA256));
        assertThrows(InvalidValue.class, () -> new Checksum(Checksum.Algorithm.SHA256, EMPTY_SHA256.toUpperCase()));
        assertThrows(InvalidValue.class, () -> Checksum.sha256Hex(null));
    }

    @Test
    void crc32cIsEightHexDigits() {
        assertEquals("e3069283", new Checksum(Checksum.Algorithm.CRC32C, "e3069283").value());
    }

    @Test
    void storedObjectWantsASha256() {
        StorageKey key = new StorageKey("jobs/1/2026/01/01/000000/job_input.zip");
        assertThrows(InvalidValue.class,
                () -> new StoredObject(key, 1, new Checksum(Checksum.Algorithm.CRC32C, "e3069283")));
        assertThrows(InvalidValue.class, () -> new StoredObject(key, -1, Checksum.sha256Hex(EMPTY_SHA256)));
    }

    @Test
    void presignedUrlHidesItsSignatureFromToString() {
        PresignedUrl url = new PresignedUrl(URI.create("http://s3.local/b/k?X-Amz-Signature=secret"), Instant.EPOCH, Map.of());
        assertFalse(url.toString().contains("secret"));
    }
}
