package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** What a small put signs beyond what a store double can check: session tokens, days, and the headers it covers. */
class PutSignerTest {
    private static final String PAYLOAD = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 5, 24, 23, 59, 59, 0, ZoneOffset.UTC);
    private static final Map<String, String> HEADERS = Map.of("host", "bucket.example:9000",
            "content-type", "application/octet-stream", "x-amz-meta-sha256", PAYLOAD);

    @Test
    void aSessionTokenIsSentAndSigned() {
        var session = AwsSessionCredentials.create("AKID", "secret", "the-token");

        Map<String, String> added = new PutSigner("eu-west-1").sign("/b/k", HEADERS, PAYLOAD, session, NOW);

        assertEquals("the-token", added.get("x-amz-security-token"));
        assertTrue(added.get("authorization").contains(
                "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-sha256;"
                        + "x-amz-security-token,"), added.get("authorization"));
        assertTrue(added.get("authorization").startsWith(
                "AWS4-HMAC-SHA256 Credential=AKID/20260524/eu-west-1/s3/aws4_request,"));
        assertEquals("20260524T235959Z", added.get("x-amz-date"));
        assertEquals(PAYLOAD, added.get("x-amz-content-sha256"));
        assertFalse(added.containsKey("host"), "the caller's own headers are not sent twice");
    }

    @Test
    void theDaysKeyIsNotReusedOnTheNextDayNorForOtherCredentials() {
        var signer = new PutSigner("us-east-1");
        var credentials = AwsBasicCredentials.create("AKID", "secret");
        String today = signature(signer.sign("/b/k", HEADERS, PAYLOAD, credentials, NOW));
        String again = signature(signer.sign("/b/k", HEADERS, PAYLOAD, credentials, NOW));
        String tomorrowFromAFreshSigner = signature(new PutSigner("us-east-1")
                .sign("/b/k", HEADERS, PAYLOAD, credentials, NOW.plusSeconds(1)));
        String tomorrow = signature(signer.sign("/b/k", HEADERS, PAYLOAD, credentials, NOW.plusSeconds(1)));
        String otherSecret = signature(signer.sign("/b/k", HEADERS, PAYLOAD,
                AwsBasicCredentials.create("AKID", "rotated"), NOW.plusSeconds(1)));

        assertEquals(today, again);
        assertEquals(tomorrowFromAFreshSigner, tomorrow);
        assertNotEquals(today, tomorrow);
        assertNotEquals(tomorrow, otherSecret);
    }

    private static String signature(Map<String, String> added) {
        String authorization = added.get("authorization");
        return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
    }
}
