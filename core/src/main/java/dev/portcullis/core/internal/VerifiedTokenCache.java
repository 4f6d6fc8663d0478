package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeysUnavailableException;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerificationKey;
import dev.portcullis.core.VerifiedToken;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Tokens that validated, so that a token presented again skips the signature. Only
 * {@link ValidationResult.Valid} results enter; refusals and server faults never do.
 *
 * <ul>
 *   <li>Keyed by the whole token (compared in full; its hash is taken from the signature's end,
 *       which only the issuer's key can produce). Bounded: at most {@code maxEntries} entries (Caffeine,
 *       size-based eviction), so memory stays below {@code maxEntries} times the largest accepted
 *       token and its claims, however many distinct tokens arrive.</li>
 *   <li>An entry expires at the token's {@code exp} plus the leeway, on the injected clock.</li>
 *   <li>Every hit checks again, on the current clock, what can change while the token stays the same:
 *       {@code exp}, {@code nbf} and {@code iat} with the leeway; the required scopes; and that the
 *       issuer's current key set still holds the key that verified the signature (a key that left the
 *       JWK Set, or keys that cannot be had, drop the entry). A hit that fails any of these drops the
 *       entry and is answered by a full validation, so a hit never answers differently from one.</li>
 *   <li>Hits are served first from a few slots of recent hits ({@link #recent}, by the key's hash),
 *       which a hit only reads: a token presented again and again by many threads writes nothing that
 *       the threads share (Caffeine records every read it serves in its read buffer and replays it
 *       under its lock, which on 2 cores cost more than the lookup itself). An entry enters a slot when
 *       Caffeine served it and the slot is empty, else one time in {@value #ADMIT_ONE_IN} (a token that
 *       keeps coming back takes its slot within a few hits, while many tokens in turn do not rewrite
 *       the slots on every hit); it leaves when a check fails or the cache is cleared, or when another
 *       entry takes the slot; while in a slot it may outlive its Caffeine entry, so memory
 *       holds at most {@code maxEntries} plus {@link #RECENT} entries. The checks above run on every
 *       hit, whichever answered it.</li>
 * </ul>
 */
final class VerifiedTokenCache {
    /** The most slots of recent hits; fewer for a cache of fewer entries. */
    static final int RECENT = 64;
    /** A Caffeine hit takes a slot held by another entry one time in this many. */
    private static final int ADMIT_ONE_IN = 8;

    private final Cache<TokenKey, Entry> cache;
    /** Recent hits by {@code hash & (length - 1)}; written only when Caffeine served a hit, or to clear. */
    private final AtomicReferenceArray<Entry> recent;

    private final Clock clock;
    private final long skewSeconds;
    private final String[] requiredScopes;

    VerifiedTokenCache(int maxEntries, Clock clock, Ticker ticker, long skewSeconds, Set<String> requiredScopes) {
        this.clock = clock;
        this.skewSeconds = skewSeconds;
        this.requiredScopes = requiredScopes.toArray(String[]::new);
        this.recent = new AtomicReferenceArray<>(Integer.highestOneBit(Math.max(1, Math.min(RECENT, maxEntries))));
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run) // evictions on the caller's thread: no pool threads in a container
                .expireAfter(Expiry.writing(
                        (TokenKey key, Entry entry) -> Duration.ofNanos(untilExpiry(entry, ticker.read()))))
                .build();
    }

    /** The cached result for {@code token} if it still holds now, else null (and the entry is dropped). */
    ValidationResult.Valid get(String token) {
        TokenKey key = new TokenKey(token);
        int slot = key.hash & (recent.length() - 1);
        Entry entry = recent.getAcquire(slot);
        if (entry == null || !entry.tokenKey.equals(key)) {
            Entry occupant = entry;
            entry = cache.getIfPresent(key);
            if (entry == null) {
                return null;
            }
            if (occupant == null || ThreadLocalRandom.current().nextInt(ADMIT_ONE_IN) == 0) {
                recent.setRelease(slot, entry);
            }
        }
        if (entry.timely(nowSeconds(), skewSeconds) && entry.grants(requiredScopes) && entry.keyStillPublished()) {
            return entry.result;
        }
        recent.compareAndSet(slot, entry, null);
        cache.asMap().remove(key, entry);
        return null;
    }

    /**
     * Remembers a token that validated, verified by {@code key} of {@code source}. The times a hit checks
     * again are the token's: its expiry and issue time, and its {@code nbf} claim (a number, since the
     * token validated).
     */
    void put(String token, ValidationResult.Valid result, JwksSource source, VerificationKey key) {
        VerifiedToken t = result.token();
        long exp = t.expiresAt().getEpochSecond();
        long iat = t.issuedAt().isPresent() ? t.issuedAt().get().getEpochSecond() : Long.MIN_VALUE;
        long nbf = t.claims().get("nbf") instanceof Number n ? NumericDate.seconds(n) : Long.MIN_VALUE;
        TokenKey tokenKey = new TokenKey(token);
        cache.put(tokenKey, new Entry(tokenKey, result, source, key, exp, nbf, iat));
    }

    /** Entries now, after pending evictions; for tests. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    void clear() {
        for (int i = 0; i < recent.length(); i++) {
            recent.set(i, null);
        }
        cache.invalidateAll();
    }

    private long nowSeconds() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    /** The token, with a hash of its last characters (the signature's end). */
    private static final class TokenKey {
        private static final int HASHED = 32;
        private final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int h = token.length();
            for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenKey k && k.hash == hash && k.token.equals(token);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** What a hit must check again. Times in epoch seconds; Long.MIN_VALUE for an absent nbf or iat. */
    private static final class Entry {
        final TokenKey tokenKey;
        final ValidationResult.Valid result;
        final JwksSource source;
        final VerificationKey key;
        final long expSeconds;
        final long nbfSeconds;
        final long iatSeconds;
        /** The latest key set known to hold {@link #key}; null until the first hit looked. */
        volatile KeySet seenIn;

        Entry(
                TokenKey tokenKey,
                ValidationResult.Valid result,
                JwksSource source,
                VerificationKey key,
                long expSeconds,
                long nbfSeconds,
                long iatSeconds) {
            this.tokenKey = tokenKey;
            this.result = result;
            this.source = source;
            this.key = key;
            this.expSeconds = expSeconds;
            this.nbfSeconds = nbfSeconds;
            this.iatSeconds = iatSeconds;
        }

        boolean timely(long now, long skew) {
            long lenient = NumericDate.plus(now, skew);
            return now < NumericDate.plus(expSeconds, skew) && lenient >= nbfSeconds && lenient >= iatSeconds;
        }

        boolean grants(String[] required) {
            Set<String> scopes = result.token().scopes();
            for (String scope : required) {
                if (!scopes.contains(scope)) {
                    return false;
                }
            }
            return true;
        }

        boolean keyStillPublished() {
            KeySet current;
            try {
                current = source.keys();
            } catch (KeysUnavailableException e) {
                return false; // a full validation answers, with the reason
            }
            if (current == seenIn) {
                return true;
            }
            for (VerificationKey k : current.candidates(key.keyId())) {
                if (k.equals(key)) {
                    seenIn = current;
                    return true;
                }
            }
            return false;
        }
    }

    /** Nanoseconds from {@code now} (ticker time) until the entry's token expires, leeway included; never negative. */
    private long untilExpiry(Entry entry, long now) {
        long deadlineSeconds = NumericDate.plus(entry.expSeconds, skewSeconds);
        long deadline = deadlineSeconds >= Long.MAX_VALUE / 1_000_000_000L
                ? Long.MAX_VALUE
                : deadlineSeconds <= Long.MIN_VALUE / 1_000_000_000L
                        ? Long.MIN_VALUE
                        : TimeUnit.SECONDS.toNanos(deadlineSeconds);
        return Math.max(0, KeySnapshot.saturatedAdd(deadline, -now));
    }
}
