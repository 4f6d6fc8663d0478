package dev.portcullis.jcache;

import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Optional;

/** What {@link JCacheReplayStores.Builder#build()} checks of a cache before trusting it with replay state. */
final class CacheChecks {
    private CacheChecks() {}

    /**
     * How long the cache keeps an entry after creating it.
     *
     * @throws IllegalStateException if it never expires entries (the store would grow without bound) or says nothing
     */
    static Duration expiryAfterCreation(Cache<?, ?> cache) {
        Configuration<?, ?> config = cache.getConfiguration(Configuration.class);
        if (!(config instanceof CompleteConfiguration<?, ?> complete)) {
            throw new IllegalStateException("DPoP replay cache '" + cache.getName()
                    + "': its configuration does not say how it expires entries; configure a CreatedExpiryPolicy");
        }
        Factory<ExpiryPolicy> factory = complete.getExpiryPolicyFactory();
        javax.cache.expiry.Duration created =
                factory == null ? null : factory.create().getExpiryForCreation();
        if (created == null || created.isEternal() || created.isZero()) {
            throw new IllegalStateException(
                    "DPoP replay cache '" + cache.getName() + "' must expire entries a fixed time"
                            + " after creation (CreatedExpiryPolicy); its expiry after creation is "
                            + (created == null ? "unset" : created.isEternal() ? "eternal" : "zero"));
        }
        return Duration.ofMillis(created.getTimeUnit().toMillis(created.getDurationAmount()));
    }

    /**
     * Refuses a cache that says it evicts entries before they expire. Only providers whose configuration shows it
     * can be checked: Hazelcast's ({@code getEvictionConfig().getSize()} below {@link Integer#MAX_VALUE}, as by
     * default); for others this is the user's to configure, as the class documentation says.
     */
    static void requireNoEviction(Cache<?, ?> cache) {
        Object config = cache.getConfiguration(Configuration.class);
        Optional<Object> eviction = call(config, "getEvictionConfig");
        Optional<Object> size = eviction.flatMap(e -> call(e, "getSize"));
        if (size.isPresent() && size.get() instanceof Integer n && n < Integer.MAX_VALUE) {
            throw new IllegalStateException("DPoP replay cache '" + cache.getName() + "' evicts entries beyond " + n
                    + " (its eviction configuration): an evicted proof could be replayed before it expires;"
                    + " set the eviction size to Integer.MAX_VALUE (Hazelcast: EvictionConfig.setSize) and size the"
                    + " cluster by the window and the request rate");
        }
    }

    /** {@code target.name()} through a public class or interface that declares it, if there is one. */
    private static Optional<Object> call(Object target, String name) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            try {
                Method m = c.getMethod(name);
                if (Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                    return Optional.ofNullable(m.invoke(target));
                }
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
        }
        return Optional.empty();
    }
}
