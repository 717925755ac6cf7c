package io.runvault.domain;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Value object: a time-limited URL a client uses without credentials; the URL itself is the secret. The headers are
 * signed into it: a request that leaves one out is refused.
 */
public record PresignedUrl(URI url, Instant expiresAt, Map<String, String> headers) {
    public PresignedUrl {
        if (url == null || !url.isAbsolute()) {
            throw new InvalidValue("url", "must be an absolute URL");
        }
        if (expiresAt == null) {
            throw new InvalidValue("expiresAt", "is required");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Only the path: the query string carries the signature and must not end up in logs. */
    @Override
    public String toString() {
        return "PresignedUrl[" + url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath()
                + ", expiresAt=" + expiresAt + ", headers=" + headers + "]";
    }
}
