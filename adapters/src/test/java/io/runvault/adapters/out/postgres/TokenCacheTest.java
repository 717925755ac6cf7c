package io.runvault.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import io.runvault.domain.TokenId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The token cache on a clock the test turns: expiry, its bound, eviction on revocation, a read racing one. */
class TokenCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final TokenCache cache = new TokenCache(Duration.ofSeconds(10), 100, nanos::get);

    private static ApiToken token(long id) {
        return new ApiToken(new TokenId(id), "token " + id, Principal.client("c"), "rv_" + id,
                Instant.parse("2026-01-01T00:00:00Z"), null, null);
    }

    @Test
    void aTokenIsKeptForTheTtlOnly() {
        cache.put("h1", token(1), cache.evictionCount());
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(token(1), cache.get("h1"));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertNull(cache.get("h1"));
    }

    @Test
    void aRevokedTokenIsForgottenAtOnceAndOthersAreKept() {
        cache.put("h1", token(1), cache.evictionCount());
        cache.put("h2", token(2), cache.evictionCount());
        cache.evict(new TokenId(1));
        assertNull(cache.get("h1"));
        assertEquals(token(2), cache.get("h2"));
    }

    @Test
    void aReadThatRacedARevocationIsNotKeptButALaterOneIs() {
        long beforeRead = cache.evictionCount();
        cache.evict(new TokenId(1));
        cache.put("h1", token(1), beforeRead);
        assertNull(cache.get("h1"), "the read may predate the revocation");

        cache.put("h1", token(1), cache.evictionCount());
        assertEquals(token(1), cache.get("h1"));
    }

    @Test
    void aZeroTtlKeepsNothing() {
        TokenCache off = new TokenCache(Duration.ZERO, 100, nanos::get);
        off.put("h1", token(1), off.evictionCount());
        assertNull(off.get("h1"));
    }

    @Test
    void itHoldsNoMoreThanItsBound() {
        TokenCache small = new TokenCache(Duration.ofSeconds(10), 2, nanos::get);
        LongStream.rangeClosed(1, 50).forEach(id -> small.put("h" + id, token(id), small.evictionCount()));
        long kept = LongStream.rangeClosed(1, 50).filter(id -> small.get("h" + id) != null).count();
        assertTrue(kept <= 2, kept + " kept");
    }
}
