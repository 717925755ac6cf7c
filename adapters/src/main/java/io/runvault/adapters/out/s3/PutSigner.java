package io.runvault.adapters.out.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Adapter helper: the SigV4 {@code Authorization} of one S3 PUT whose payload hash is already known, with no query
 * and a path already in S3's canonical (encoded once) form. It does only what such a request needs; the day's
 * signing key is derived once and reused until the date or the credentials change.
 */
final class PutSigner {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String HMAC = "HmacSHA256";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private volatile Key key;

    /** The signing key of one day, region and secret, and the HMAC it keys, copied for each signature. */
    private record Key(String day, String accessKey, String secret, byte[] signing, Mac mac) {
    }

    PutSigner(String region) {
        this.region = region;
    }

    /**
     * The headers to send besides {@code headers} ({@code x-amz-date}, {@code x-amz-content-sha256}, the session
     * token if any, and {@code Authorization}), every header of {@code headers} signed. Header names in
     * {@code headers} are lowercase; {@code host} is among them, exactly as it will be sent.
     */
    Map<String, String> sign(String encodedPath, Map<String, String> headers, String payloadSha256Hex,
            AwsCredentials credentials, ZonedDateTime now) {
        String stamp = STAMP.format(now.withZoneSameInstant(ZoneOffset.UTC));
        String day = stamp.substring(0, 8);
        TreeMap<String, String> signed = new TreeMap<>(headers);
        signed.put("x-amz-date", stamp);
        signed.put("x-amz-content-sha256", payloadSha256Hex);
        if (credentials instanceof AwsSessionCredentials session) {
            signed.put("x-amz-security-token", session.sessionToken());
        }
        StringBuilder canonical = new StringBuilder(256).append("PUT\n").append(encodedPath).append("\n\n");
        signed.forEach((name, value) -> canonical.append(name).append(':').append(value.strip()).append('\n'));
        String names = String.join(";", signed.keySet());
        canonical.append('\n').append(names).append('\n').append(payloadSha256Hex);

        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = ALGORITHM + "\n" + stamp + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical.toString()));
        String signature = HEX.formatHex(mac(day, credentials).doFinal(toSign.getBytes(StandardCharsets.UTF_8)));

        signed.keySet().removeAll(headers.keySet());
        signed.put("authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + names + ", Signature=" + signature);
        return signed;
    }

    private Mac mac(String day, AwsCredentials credentials) {
        Key current = key;
        if (current == null || !current.day().equals(day) || !current.accessKey().equals(credentials.accessKeyId())
                || !current.secret().equals(credentials.secretAccessKey())) {
            byte[] signing = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
            signing = hmac(signing, region);
            signing = hmac(signing, "s3");
            signing = hmac(signing, "aws4_request");
            current = new Key(day, credentials.accessKeyId(), credentials.secretAccessKey(), signing, init(signing));
            key = current;
        }
        try {
            return (Mac) current.mac().clone();
        } catch (CloneNotSupportedException e) {
            return init(current.signing());
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return init(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac init(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
