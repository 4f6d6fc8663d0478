package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate limit: starts a fetch at most once per minimum refetch interval, whatever asks for it (an
 * unknown {@code kid}, a refresh, a retry after a failure), so a flood of made-up key ids or a
 * provider that keeps failing cannot make the validator hammer the provider. A refused fetch
 * completes at once with {@link FetchFailure#RATE_LIMITED}; the caller decides what that means.
 */
final class RateLimitedKeySetSource implements KeySetSource {
    private final KeySetSource delegate;
    private final Ticker ticker;
    private final long intervalNanos;
    private final KeySetEvents events;
    private final AtomicLong nextFetchAt = new AtomicLong(Long.MIN_VALUE);

    RateLimitedKeySetSource(KeySetSource delegate, Ticker ticker, Duration minRefetchInterval, KeySetEvents events) {
        this.delegate = delegate;
        this.ticker = ticker;
        this.intervalNanos = minRefetchInterval.toNanos();
        this.events = events;
    }

    @Override
    public CompletableFuture<KeySnapshot> fetch() {
        long now = ticker.read();
        while (true) {
            long allowedAt = nextFetchAt.get();
            if (now < allowedAt) {
                events.refetchSuppressed(Duration.ofNanos(allowedAt - now));
                return CompletableFuture.failedFuture(new FetchFailure.Exception(FetchFailure.RATE_LIMITED, null));
            }
            if (nextFetchAt.compareAndSet(allowedAt, KeySnapshot.saturatedAdd(now, intervalNanos))) {
                return delegate.fetch();
            }
        }
    }

    @Override
    public long nextFetchAt() {
        return nextFetchAt.get();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
