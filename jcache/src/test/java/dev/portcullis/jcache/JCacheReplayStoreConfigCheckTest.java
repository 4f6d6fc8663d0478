package dev.portcullis.jcache;

import com.hazelcast.config.CacheConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store refuses, at start-up, a cache that would let a replay through: one that evicts unexpired entries
 * (Hazelcast's default), one that forgets a proof before its window ends, and one that never forgets.
 */
class JCacheReplayStoreConfigCheckTest {
    private static HazelcastMembers member;

    @BeforeAll
    static void start() {
        member = new HazelcastMembers("portcullis-replay-check", 1);
    }

    @AfterAll
    static void stop() {
        member.close();
    }

    private static Cache<String, Long> plain(String name, MutableConfiguration<String, Long> config) {
        return member.managers.get(0).createCache(name, config);
    }

    @Test
    void whenTheCacheHasHazelcastsDefaultEvictionThenTheStoreRefusesToStart() {
        Cache<String, Long> cache = plain(
                "default-eviction",
                new MutableConfiguration<String, Long>()
                        .setTypes(String.class, Long.class)
                        .setExpiryPolicyFactory(
                                CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.SECONDS, 180))));
        assertThatThrownBy(() -> JCacheReplayStores.builder(cache).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evicts entries beyond 10000");
    }

    @Test
    void whenTheCacheExpiresEntriesBeforeTheWindowAndLeewayThenTheStoreRefusesToStart() {
        CacheConfig<String, Long> config = HazelcastMembers.safeConfig(100);
        config.setName("short-ttl");
        Cache<String, Long> cache = member.managers.get(0).createCache("short-ttl", config);
        assertThatThrownBy(() -> JCacheReplayStores.builder(cache)
                        .window(Duration.ofSeconds(120))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("less than the window plus the leeway");
    }

    @Test
    void whenTheCacheNeverExpiresEntriesThenTheStoreRefusesToStart() {
        Cache<String, Long> cache = plain(
                "eternal",
                new MutableConfiguration<String, Long>()
                        .setTypes(String.class, Long.class)
                        .setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf()));
        assertThatThrownBy(() -> JCacheReplayStores.builder(cache).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eternal");
    }

    @Test
    void whenTheCacheIsConfiguredAsDocumentedThenTheStoreStarts() {
        CacheConfig<String, Long> config = HazelcastMembers.safeConfig(180);
        config.setName("documented");
        Cache<String, Long> cache = member.managers.get(0).createCache("documented", config);
        assertThat(JCacheReplayStores.builder(cache)
                        .window(Duration.ofSeconds(120))
                        .build())
                .isNotNull();
    }
}
