package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeysUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keys from a remote JWK Set, cached with Caffeine.
 *
 * <ul>
 *   <li>Refresh-ahead: once the keys are older than their refresh interval (the configured one, or
 *       the publisher's {@code Cache-Control: max-age} clamped to [1 min, 24 h]), one background
 *       fetch starts; requests keep using the current keys meanwhile.</li>
 *   <li>Outage tolerance: a failed fetch leaves the last good keys in use until they are older than
 *       the refresh interval plus the outage tolerance.</li>
 *   <li>Single flight, rate limited: at most one fetch runs at a time, shared by every caller that
 *       needs it, and a new fetch starts at most once per minimum refetch interval, so a flood of
 *       made-up key ids cannot hammer the identity provider.</li>
 *   <li>Unavailable keys are a server fault ({@link KeysUnavailableException}), with the time until
 *       the next fetch is allowed; no caller waits longer than the fetch timeout.</li>
 * </ul>
 */
final class RemoteJwksSource implements JwksSource {
    private static final System.Logger LOG = System.getLogger("dev.portcullis.jwks");
    private static final String KEY = "keys";

    /** One successful fetch. */
    private record Snapshot(KeySet keys, long fetchedAtNanos, long refreshAfterNanos) {
    }

    private final JwksFetcher fetcher;
    private final Executor executor;
    private final Ticker ticker;
    private final Cache<String, Snapshot> cache;
    private final long refreshNanos;
    private final long minRefetchNanos;
    private final long waitMillis;
    private final String issuerName;

    private final Object lock = new Object();
    private CompletableFuture<Snapshot> inFlight; // guarded by lock
    private long nextFetchAllowedNanos; // guarded by lock
    private boolean everFetched; // guarded by lock
    private volatile boolean failing;
    private volatile boolean closed;

    RemoteJwksSource(String issuerName, JwksFetcher fetcher, Clock clock, Executor executor,
                     Duration refreshInterval, Duration minRefetchInterval, Duration outageTolerance,
                     Duration fetchTimeout) {
        this.issuerName = issuerName;
        this.fetcher = fetcher;
        this.executor = executor;
        this.ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.refreshNanos = refreshInterval.toNanos();
        this.minRefetchNanos = minRefetchInterval.toNanos();
        long toleranceNanos = outageTolerance.toNanos();
        this.waitMillis = fetchTimeout.toMillis() + 250;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumSize(1)
                .expireAfter(new Expiry<String, Snapshot>() {
                    @Override
                    public long expireAfterCreate(String key, Snapshot s, long currentTime) {
                        return saturatedAdd(s.refreshAfterNanos(), toleranceNanos);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Snapshot s, long currentTime, long currentDuration) {
                        return saturatedAdd(s.refreshAfterNanos(), toleranceNanos);
                    }

                    @Override
                    public long expireAfterRead(String key, Snapshot s, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public KeySet keys() throws KeysUnavailableException {
        Snapshot current = cache.getIfPresent(KEY);
        if (current != null) {
            if (ticker.read() - current.fetchedAtNanos() >= current.refreshAfterNanos()) {
                start(); // refresh ahead; never waited for here
            }
            return current.keys();
        }
        CompletableFuture<Snapshot> fetch = start();
        if (fetch == null) {
            throw unavailable("no keys loaded and the next fetch is not allowed yet");
        }
        return await(fetch).keys();
    }

    @Override
    public KeySet refresh(KeySet stale) throws KeysUnavailableException {
        Snapshot current = cache.getIfPresent(KEY);
        if (current != null && current.keys() != stale) {
            return current.keys(); // another caller refreshed meanwhile
        }
        CompletableFuture<Snapshot> fetch = start();
        if (fetch == null) {
            if (current == null || failing) {
                throw unavailable("the keys cannot be refetched yet and the last fetch failed");
            }
            return current.keys(); // refetched recently: the kid is unknown, answer at once
        }
        return await(fetch).keys();
    }

    /** Starts a fetch if none runs and one is allowed; returns the running fetch, or null. */
    private CompletableFuture<Snapshot> start() {
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight;
            }
            long now = ticker.read();
            if (closed || (everFetched && now - nextFetchAllowedNanos < 0)) {
                return null;
            }
            everFetched = true;
            nextFetchAllowedNanos = now + minRefetchNanos;
            CompletableFuture<Snapshot> fetch = new CompletableFuture<>();
            inFlight = fetch;
            try {
                executor.execute(() -> run(fetch));
            } catch (RejectedExecutionException e) {
                inFlight = null;
                return null;
            }
            return fetch;
        }
    }

    private void run(CompletableFuture<Snapshot> fetch) {
        Snapshot snapshot = null;
        FetchFailure.Exception failure = null;
        try {
            JwksFetcher.Fetched fetched = fetcher.fetch();
            long refreshAfter = fetched.maxAge().map(Duration::toNanos).orElse(refreshNanos);
            snapshot = new Snapshot(fetched.keys(), ticker.read(), refreshAfter);
            cache.put(KEY, snapshot);
        } catch (FetchFailure.Exception e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new FetchFailure.Exception(FetchFailure.CONNECTION, "unexpected client failure");
        }
        synchronized (lock) {
            inFlight = null;
        }
        if (failure == null) {
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "Keys of issuer {0} fetched again from {1}; outage over",
                        issuerName, fetcher.describe());
            }
            fetch.complete(snapshot);
        } else {
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "Fetching the keys of issuer {0} from {1} failed: {2};"
                        + " last known keys stay in use", issuerName, fetcher.describe(), failure.getMessage());
            }
            fetch.completeExceptionally(failure);
        }
    }

    private Snapshot await(CompletableFuture<Snapshot> fetch) throws KeysUnavailableException {
        try {
            return fetch.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable("fetching the keys failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw unavailable("fetching the keys takes too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the keys");
        }
    }

    private KeysUnavailableException unavailable(String why) {
        long wait;
        synchronized (lock) {
            wait = nextFetchAllowedNanos - ticker.read();
        }
        return new KeysUnavailableException("keys of issuer " + issuerName + " unavailable: " + why,
                Duration.ofNanos(Math.max(0, wait)));
    }

    @Override
    public void close() {
        closed = true;
        cache.invalidateAll();
    }
}
