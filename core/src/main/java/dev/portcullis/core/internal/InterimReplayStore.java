package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request path's replay store until the bounded in-memory store of the replay work is merged
 * (see {@link CoreInternals#defaultDpopReplayStore}): a map from key thumbprint and {@code jti} to
 * the proof's expiry. Expired entries are swept when the map is full; an unexpired entry is never
 * evicted, so when it is still full the store answers {@link Verdict#UNAVAILABLE} (fail closed)
 * rather than forget a proof. Thread-safe.
 */
final class InterimReplayStore implements DpopReplayStore {
    private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Clock clock;

    InterimReplayStore(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Verdict use(String keyThumbprint, String jti, Instant issuedAt, Instant expiresAt) {
        Instant now = clock.instant();
        // Length-prefixed, so that no thumbprint and jti pair can spell another's key.
        String key = keyThumbprint.length() + ":" + keyThumbprint + jti;
        Instant known = seen.get(key);
        if (known != null && !known.isBefore(now)) {
            return Verdict.REPLAYED;
        }
        if (size.get() >= capacity) {
            seen.entrySet().removeIf(e -> e.getValue().isBefore(now) && size.decrementAndGet() >= 0);
            if (size.get() >= capacity) {
                return Verdict.UNAVAILABLE;
            }
        }
        Instant previous = seen.putIfAbsent(key, expiresAt);
        if (previous == null) {
            size.incrementAndGet();
            return Verdict.FIRST_USE;
        }
        if (previous.isBefore(now) && seen.replace(key, previous, expiresAt)) {
            return Verdict.FIRST_USE; // the old entry had expired: the proof's own iat check keeps this safe
        }
        return Verdict.REPLAYED;
    }
}
