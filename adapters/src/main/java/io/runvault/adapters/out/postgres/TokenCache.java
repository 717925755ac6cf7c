package io.runvault.adapters.out.postgres;

import io.runvault.domain.ApiToken;
import io.runvault.domain.TokenId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Active tokens recently found by the hash of their secret, so that every API request does not cost a query. Only
 * hits are kept (an unknown secret always reaches the database, and random secrets cannot fill the cache), for at
 * most the TTL: a revocation made through this server evicts at once, one made through another server is seen
 * within the TTL. A TTL of zero turns the cache off.
 */
final class TokenCache {
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(ApiToken token, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> bySecretHash = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();

    TokenCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("token cache: ttl must be >= 0 and max entries >= 1");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    static TokenCache of(Duration ttl) {
        return new TokenCache(ttl, DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    /** The cached token for this hash, if it was put there less than the TTL ago. */
    ApiToken get(String secretHash) {
        if (ttlNanos == 0) {
            return null;
        }
        Entry entry = bySecretHash.get(secretHash);
        if (entry == null) {
            return null;
        }
        if (nanoTime.getAsLong() - entry.expiresAtNanos() >= 0) {
            bySecretHash.remove(secretHash, entry);
            return null;
        }
        return entry.token();
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
        if (ttlNanos == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (bySecretHash.size() >= maxEntries) {
            bySecretHash.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
            if (bySecretHash.size() >= maxEntries) {
                // Full of live entries: start over rather than track recency; a miss costs one query.
                bySecretHash.clear();
            }
        }
        Entry entry = new Entry(token, now + ttlNanos);
        bySecretHash.put(secretHash, entry);
        if (evictions.get() != evictionCountBeforeRead) {
            bySecretHash.remove(secretHash, entry);
        }
    }

    /** Forgets a token at once: counted first, so that a read racing with it cannot put it back. */
    void evict(TokenId id) {
        evictions.incrementAndGet();
        bySecretHash.values().removeIf(entry -> entry.token().id().equals(id));
    }
}
