package dev.portcullis.jcache;

import dev.portcullis.core.dpop.DpopReplayStore;

import javax.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link DpopReplayStore} on a JCache (JSR-107) cache, so that every instance behind a load balancer accepts a DPoP
 * proof once between them. Any provider: Hazelcast, Infinispan, Ehcache...
 *
 * <p>The cache must be shared by the instances (a distributed cache), map {@code String} to {@code Long}, expire
 * entries after creation ({@code CreatedExpiryPolicy}) no earlier than the window plus the leeway, and must
 * <b>never evict an unexpired entry</b>: a forgotten proof could be replayed. {@link Builder#build()} checks the
 * expiry, and the eviction of a Hazelcast cache (whose default, 10,000 entries per member, would let replays
 * through); for other providers, configure eviction off yourself. A cache that fails (a member unreachable, the
 * cache closed) makes the store answer {@link DpopReplayStore.Verdict#UNAVAILABLE}: the request is refused with 503.
 *
 * <pre>{@code
 * CacheConfig<String, Long> config = new CacheConfig<>("portcullis-dpop-jti");   // Hazelcast's
 * config.setTypes(String.class, Long.class);
 * config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(SECONDS, 180)));
 * config.setEvictionConfig(new EvictionConfig().setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(Integer.MAX_VALUE));
 * config.setBackupCount(1);
 * DpopReplayStore store = JCacheReplayStores.builder(cacheManager.createCache("portcullis-dpop-jti", config))
 *         .window(Duration.ofSeconds(120))
 *         .build();
 * }</pre>
 */
public final class JCacheReplayStores {
    private JCacheReplayStores() {}

    /** A builder of a store on {@code cache}. */
    public static Builder builder(Cache<String, Long> cache) {
        return new Builder(cache);
    }

    /** Builds a store; not thread-safe. */
    public static final class Builder {
        private final Cache<String, Long> cache;
        private Duration window = Duration.ofSeconds(120);
        private Duration leeway = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder(Cache<String, Long> cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
        }

        /**
         * How long after its {@code iat} a proof stays acceptable, leeway included (default 120 s); older proofs are
         * {@code TOO_OLD}.
         */
        public Builder window(Duration window) {
            this.window = positive(window, "window");
            return this;
        }

        /** How far in the future a proof's {@code iat} may be (default 60 s); the cache's expiry covers it too. */
        public Builder leeway(Duration leeway) {
            Objects.requireNonNull(leeway, "leeway");
            if (leeway.isNegative()) {
                throw new IllegalArgumentException("DPoP replay leeway: zero or more expected, was " + leeway);
            }
            this.leeway = leeway;
            return this;
        }

        /** The clock (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The store.
         *
         * @throws IllegalStateException if the cache keeps entries shorter than the window plus the leeway, never
         *                               expires them, or (Hazelcast) may evict unexpired ones
         */
        public DpopReplayStore build() {
            Duration ttl = CacheChecks.expiryAfterCreation(cache);
            if (ttl.compareTo(window.plus(leeway)) < 0) {
                throw new IllegalStateException("DPoP replay cache '" + cache.getName() + "' expires entries after "
                        + ttl + ", less than the window plus the leeway (" + window.plus(leeway)
                        + "): a proof could be replayed after its entry expired");
            }
            CacheChecks.requireNoEviction(cache);
            return new JCacheReplayStore(cache, window, ttl, clock);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("DPoP replay " + what + ": more than 0 expected, was " + d);
            }
            return d;
        }
    }
}
