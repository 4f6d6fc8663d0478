package dev.portcullis.jcache;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Embedded Hazelcast members in this JVM, on 127.0.0.1 only (TCP-IP join, fixed ports, no multicast, no phone-home),
 * each with a CacheManager of its own: two members in one JVM need one caching-provider instance each, with the same
 * URI, or the second member's manager silently is the first's.
 */
final class HazelcastMembers implements AutoCloseable {
    static final String CACHE = "portcullis-dpop-jti";
    private static final int FIRST_PORT = 15701;

    final List<HazelcastInstance> members = new ArrayList<>();
    final List<CacheManager> managers = new ArrayList<>();
    final List<Long> startMillis = new ArrayList<>();
    private final String cluster;
    private final int count;

    HazelcastMembers(String cluster, int count) {
        this.cluster = cluster;
        this.count = count;
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            HazelcastInstance member = Hazelcast.newHazelcastInstance(config(i));
            startMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            members.add(member);
            HazelcastMemberCachingProvider provider = new HazelcastMemberCachingProvider();
            managers.add(provider.getCacheManager(
                    provider.getDefaultURI(),
                    provider.getDefaultClassLoader(),
                    HazelcastCachingProvider.propertiesByInstanceItself(member)));
        }
    }

    private Config config(int index) {
        Config config = new Config().setClusterName(cluster).setInstanceName(cluster + "-" + index);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network =
                config.getNetworkConfig().setPort(FIRST_PORT + index).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int i = 0; i < count; i++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + (FIRST_PORT + i));
        }
        return config;
    }

    /** The replay cache as the README configures it: no eviction, one backup, created expiry. */
    static CacheConfig<String, Long> safeConfig(long ttlSeconds) {
        CacheConfig<String, Long> config = new CacheConfig<>(CACHE);
        config.setTypes(String.class, Long.class);
        config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, ttlSeconds)));
        config.setEvictionConfig(new EvictionConfig()
                .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                .setSize(Integer.MAX_VALUE)
                .setEvictionPolicy(EvictionPolicy.LRU));
        config.setBackupCount(1);
        return config;
    }

    /** The cache on member {@code i}, created by member 0 and found by the others. */
    Cache<String, Long> cache(int i, CacheConfig<String, Long> config) {
        Cache<String, Long> existing = managers.get(i).getCache(config.getName(), String.class, Long.class);
        return existing != null ? existing : managers.get(i).createCache(config.getName(), config);
    }

    @Override
    public void close() {
        for (HazelcastInstance member : members) {
            try {
                member.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
