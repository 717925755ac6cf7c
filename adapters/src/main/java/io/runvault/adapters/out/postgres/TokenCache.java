package io.runvault.adapters.out.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.runvault.domain.ApiToken;
import io.runvault.domain.TokenId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Active tokens recently found by the hash of their secret, so that every API request does not cost a query. Only
 * hits are kept (an unknown secret always reaches the database, and random secrets cannot fill the cache), for at
 * most the TTL: a revocation made through this server evicts at once, one made through another server is seen
 * within the TTL. A TTL of zero turns the cache off.
 */
final class TokenCache {
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** Null when the cache is off. */
    private final Cache<String, ApiToken> bySecretHash;
    private final AtomicLong evictions = new AtomicLong();

    TokenCache(Duration ttl, int maxEntries, Ticker ticker) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("token cache: ttl must be >= 0 and max entries >= 1");
        }
        // Upkeep runs on the calling thread: nothing of a request's authentication is left to a shared pool.
        this.bySecretHash = ttl.isZero() ? null : Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    static TokenCache of(Duration ttl) {
        return new TokenCache(ttl, DEFAULT_MAX_ENTRIES, Ticker.systemTicker());
    }

    /** The cached token for this hash, if it was put there less than the TTL ago. */
    ApiToken get(String secretHash) {
        return bySecretHash == null ? null : bySecretHash.getIfPresent(secretHash);
    }

    /** Taken before the database is asked, and handed to {@link #put}: see there. */
    long evictionCount() {
        return evictions.get();
    }

    /**
     * Keeps a token read from the database. When a revocation was evicted while that read was under way, the read
     * may predate the revocation: the entry is dropped again rather than honoured for a whole TTL.
     */
    void put(String secretHash, ApiToken token, long evictionCountBeforeRead) {
        if (bySecretHash == null) {
            return;
        }
        bySecretHash.put(secretHash, token);
        if (evictions.get() != evictionCountBeforeRead) {
            bySecretHash.asMap().remove(secretHash, token);
        }
    }

    /** Forgets a token at once: counted first, so that a read racing with it cannot put it back. */
    void evict(TokenId id) {
        evictions.incrementAndGet();
        if (bySecretHash != null) {
            bySecretHash.asMap().values().removeIf(token -> token.id().equals(id));
        }
    }
}
