package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeysUnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The top layer: caches the keys in Caffeine and answers the validator.
 *
 * <ul>
 *   <li>Every fetch goes through Caffeine's {@link LoadingCache#refresh}, which runs at most one at
 *       a time and hands the running one to every caller that asks meanwhile (single flight), while
 *       the cached keys keep being served.</li>
 *   <li>Refresh-ahead: a request that finds keys due for refresh starts one in the background and is
 *       answered with the cached keys at once.</li>
 *   <li>A caller that needs a fetch (no keys yet, or an unknown {@code kid}) waits for it at most the
 *       fetch timeout. If the rate limit refuses the fetch, an unknown {@code kid} is answered at
 *       once: the healthy keys at hand if the latest fetch succeeded (the validator then tells an unknown
 *       key from one not fetched yet, see {@link #nextFetchAllowedAt()}), unavailable if it failed.</li>
 *   <li>Entries expire (Caffeine's variable expiry, on the injected clock) when their keys pass the
 *       outage tolerance.</li>
 * </ul>
 *
 * <p>The loader never fails: a failed attempt is cached as a snapshot without keys, so Caffeine has
 * nothing to log and the failure is reported once per outage by the outage layer.
 */
final class CachingJwksSource implements JwksSource {
    private static final String KEY = "keys";

    private final KeySetSource source;
    private final Ticker ticker;
    private final long waitNanos;
    private final KeySetEvents events;
    private final LoadingCache<String, KeySnapshot> cache;
    /**
     * The outcome of the latest settled attempt, read and written by {@link #settle} only (attempts
     * are serialized by the single flight). Caffeine installs a refreshed value only after the
     * refresh's future completed, so an attempt refused by the rate limit right after a fetch may
     * find the cache not yet updated; it answers with this instead of stale keys.
     */
    private volatile KeySnapshot latest;

    CachingJwksSource(KeySetSource source, Ticker ticker, Duration fetchTimeout, KeySetEvents events) {
        this.source = source;
        this.ticker = ticker;
        this.waitNanos = fetchTimeout.toNanos();
        this.events = events;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                // keys expire when they pass the outage tolerance; a snapshot without keys stays until replaced
                .expireAfter(Expiry.writing((String key, KeySnapshot snapshot) -> Duration.ofNanos(
                        snapshot.hasKeys() ? Math.max(0, snapshot.usableUntil() - ticker.read()) : Long.MAX_VALUE)))
                .build(new CacheLoader<String, KeySnapshot>() {
                    @Override
                    public KeySnapshot load(String key) {
                        throw new UnsupportedOperationException("keys are only loaded through refresh");
                    }

                    @Override
                    public CompletableFuture<KeySnapshot> asyncLoad(String key, Executor executor) {
                        return attempt();
                    }

                    @Override
                    public CompletableFuture<KeySnapshot> asyncReload(String key, KeySnapshot old, Executor executor) {
                        return attempt();
                    }
                });
    }

    /** Starts fetching in the background, for a warm start; never waits. */
    void warmUp() {
        cache.refresh(KEY);
    }

    @Override
    public KeySet keys() throws KeysUnavailableException {
        KeySnapshot current = current();
        long now = ticker.read();
        if (current != null && current.usableAt(now)) {
            if (now >= current.refreshAt() && now >= source.nextFetchAt()) {
                cache.refresh(KEY); // refresh ahead: one fetch in the background, never waited for
            }
            return current.keys();
        }
        KeySnapshot loaded = await(cache.refresh(KEY));
        if (loaded.usableAt(ticker.read())) {
            return loaded.keys();
        }
        throw unavailable(loaded.problem());
    }

    @Override
    public KeySet refresh(KeySet stale) throws KeysUnavailableException {
        KeySnapshot current = current();
        if (current != null && current.usableAt(ticker.read()) && current.keys() != stale) {
            return current.keys(); // newer keys than the caller's arrived meanwhile
        }
        KeySnapshot result = await(cache.refresh(KEY));
        long now = ticker.read();
        if (result.usableAt(now) && (result.healthy() || result.keys() != stale)) {
            // Either newly fetched keys, or keys fetched successfully so recently that the rate limit
            // refused a refetch: the validator tells from their fetch start and nextFetchAllowedAt()
            // whether a kid they lack is unknown or may be newer than they are.
            return result.keys();
        }
        // The latest fetch failed: the unknown kid can be neither found nor ruled out.
        throw unavailable(result.problem());
    }

    @Override
    public Optional<Instant> nextFetchAllowedAt() {
        long at = source.nextFetchAt();
        return Optional.of(at == Long.MIN_VALUE ? Instant.MIN : Instant.ofEpochSecond(0, at));
    }

    private KeySnapshot current() {
        return cache.getIfPresent(KEY);
    }

    /** One attempt through the pipeline; its future never completes exceptionally. */
    private CompletableFuture<KeySnapshot> attempt() {
        CompletableFuture<KeySnapshot> fetch;
        try {
            fetch = source.fetch();
        } catch (RuntimeException e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        return fetch.handle(this::settle);
    }

    private KeySnapshot settle(KeySnapshot fetched, Throwable error) {
        try {
            return settleOrThrow(fetched, error);
        } catch (RuntimeException e) { // a defect; Caffeine must still get a value, not a failure to log
            return KeySnapshot.none("unexpected " + e.getClass().getSimpleName());
        }
    }

    private KeySnapshot settleOrThrow(KeySnapshot fetched, Throwable error) {
        KeySnapshot previous = latest;
        KeySnapshot next;
        if (error == null) {
            next = fetched;
        } else {
            FetchFailure.Exception failure = FetchFailure.unwrap(error);
            if (failure.kind == FetchFailure.RATE_LIMITED) {
                // Nothing new: what was known stays (dropped keys stay dropped).
                next = previous == null
                        ? KeySnapshot.none("no keys fetched yet")
                        : previous.usableAt(ticker.read()) || !previous.hasKeys()
                                ? previous
                                : KeySnapshot.none("the keys passed the outage tolerance");
            } else {
                next = KeySnapshot.none(failure.getMessage());
            }
        }
        latest = next;
        if (next.healthy() && (previous == null || previous.keys() != next.keys())) {
            reportChange(previous == null ? null : previous.keys(), next.keys());
        }
        return next;
    }

    private void reportChange(KeySet before, KeySet after) {
        Set<String> old = before == null ? Set.of() : before.keyIds();
        Set<String> now = after.keyIds();
        if (!old.equals(now)) {
            Set<String> added = new LinkedHashSet<>(now);
            added.removeAll(old);
            Set<String> removed = new LinkedHashSet<>(old);
            removed.removeAll(now);
            events.keySetChanged(added, removed);
        }
    }

    private KeySnapshot await(CompletableFuture<KeySnapshot> fetch) throws KeysUnavailableException {
        try {
            return fetch.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw unavailable("fetching the keys takes longer than the fetch timeout of "
                    + Durations.describe(Duration.ofNanos(waitNanos)));
        } catch (ExecutionException e) {
            throw unavailable(FetchFailure.unwrap(e).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the keys");
        }
    }

    private KeysUnavailableException unavailable(String why) {
        long wait = source.nextFetchAt() - ticker.read();
        return new KeysUnavailableException(
                "keys of issuer " + events.issuerName() + " unavailable: " + (why == null ? "not fetched yet" : why),
                Duration.ofNanos(Math.max(0, wait)));
    }

    @Override
    public void close() {
        source.close();
        cache.invalidateAll();
    }
}
