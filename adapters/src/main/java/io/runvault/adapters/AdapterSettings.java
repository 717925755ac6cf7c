package io.runvault.adapters;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Adapter settings: how the HTTP side, the Postgres adapter and the background work behave, bound from
 * {@code runvault.*}. The settings the core's wiring needs are bootstrap's; the S3 adapter's are
 * {@code S3Settings} and {@code ArchiveSettings}. Each default is defined here and nowhere else.
 */
@ConfigurationProperties("runvault")
public record AdapterSettings(Security security, Server server, Idempotency idempotency, Uploads uploads,
        Operations operations, Archive archive, Epx epx) {

    /**
     * @param tokenCacheTtl how long a server trusts a token it has looked up. A revocation through this server applies
     *                      at once; one through another server of the same database, within this time. {@code 0s}:
     *                      every request asks the database
     */
    @ConfigurationProperties("security")
    public record Security(@Bindable(defaultValue = "10s") Duration tokenCacheTtl) {
    }

    /** @param headerTimeout a request's line and headers must arrive within this of its first byte */
    @ConfigurationProperties("server")
    public record Server(@Bindable(defaultValue = "10s") Duration headerTimeout) {
    }

    /**
     * @param retention     how long a POST's Idempotency-Key is remembered: a repeat within it replays the first
     *                      response, a key older than it is free again
     * @param purgeInterval how often expired keys are purged
     */
    @ConfigurationProperties("idempotency")
    public record Idempotency(@Bindable(defaultValue = "24h") Duration retention,
            @Bindable(defaultValue = Idempotency.PURGE_INTERVAL) Duration purgeInterval) {
        /** Also the purge's schedule, which is read from the property itself. */
        public static final String PURGE_INTERVAL = "1h";
    }

    /**
     * @param idleTimeout a results body that sends nothing for this long is cut off: nothing is stored and its write
     *                    claim is let go
     * @param claimLease  how long an upload's claim on an artifact lasts unless renewed (it renews three times per
     *                    lease): a claim whose server died lapses after this, and the next writer takes it over
     * @param backgroundCompletions completions asked for with {@code Prefer: respond-async} under way at once on
     *                    this server: each is a request that has been answered, so nothing else bounds them; one
     *                    more is answered 202 without being started, and starts when asked again with a place free
     */
    @ConfigurationProperties("uploads")
    public record Uploads(@Bindable(defaultValue = "60s") Duration idleTimeout,
            @Bindable(defaultValue = "30s") Duration claimLease,
            @Bindable(defaultValue = "64") int backgroundCompletions) {
        public Uploads {
            if (backgroundCompletions < 1) {
                throw new IllegalArgumentException("runvault.uploads.background-completions must be positive, was "
                        + backgroundCompletions);
            }
        }
    }

    /**
     * @param lease how long a server's claim on an archive, restore or purge it runs lasts unless renewed (it renews
     *              three times per lease). Servers sharing the database never run one operation at once; one whose
     *              server died is taken over by another within about two leases
     */
    @ConfigurationProperties("operations")
    public record Operations(@Bindable(defaultValue = Operations.LEASE) Duration lease) {
        /** Also the schedule of the sweep for unclaimed operations, which is read from the property itself. */
        public static final String LEASE = "1m";
    }

    /** @param threads operations run at the same time in the background */
    @ConfigurationProperties("archive")
    public record Archive(@Bindable(defaultValue = "2") int threads) {
        public Archive {
            if (threads < 1) {
                throw new IllegalArgumentException("runvault.archive.threads must be positive, was " + threads);
            }
        }
    }

    /**
     * The Epistemix-compatible API, for the epx client.
     *
     * @param basePath      where it is served
     * @param sweepInterval how often the files its client PUT with plain presigned URLs are stored when nobody reads
     *                      their job through it meanwhile
     */
    @ConfigurationProperties("epx")
    public record Epx(@Bindable(defaultValue = Epx.BASE_PATH) String basePath,
            @Bindable(defaultValue = Epx.SWEEP_INTERVAL) Duration sweepInterval) {
        /** Also in the routes' and the filter's paths, which are read from the property itself. */
        public static final String BASE_PATH = "/epx";
        /** Also the sweep's schedule, which is read from the property itself. */
        public static final String SWEEP_INTERVAL = "1m";
    }
}
