package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.portcullis.core.VerifiedToken;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Introspection answers, so that a token presented again within its time is not introspected again.
 * Caffeine, bounded; keyed by the SHA-256 of the token, never the token itself (of a JWT that validated
 * locally, of its signature, which that token alone carries: hashing 342 characters instead of the whole
 * token keeps a hit cheap); an answer is kept for the configured TTL, an active one never past the token's
 * {@code exp}; inactive answers are kept too, so a flood of revoked tokens is not a flood of calls.
 * Concurrent lookups of one token share one call (single flight); a failed call is not kept.
 *
 * <p>In front of it, the answers about JWTs are also kept by the identity of the {@link VerifiedToken} the
 * verified-token cache hands out for that token (weak keys: gone with it), so that a token presented again
 * costs an identity lookup rather than a SHA-256 (about 1.5 µs of 1.8 for a hit, measured); a token validated
 * afresh is a new object and goes through the hash.
 */
final class IntrospectionCache {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    /**
     * An answer and until when (ticker nanoseconds) it may be used; or, with {@code failure}, the failed call that
     * the callers waiting on it share, kept not at all. A failed call completes its future normally with such an
     * answer: a future completed exceptionally would make Caffeine log the exception with its stack trace.
     */
    record Answer(JsonObject members, boolean active, long keepUntilNanos, IntrospectionException failure) {
        Answer(JsonObject members, boolean active, long keepUntilNanos) {
            this(members, active, keepUntilNanos, null);
        }
    }

    /** The answer of a failed call: given to the callers waiting on it, expired at once for the next. */
    Answer failed(IntrospectionException failure) {
        return new Answer(null, false, ticker.read(), failure);
    }

    /** A token's hash. */
    record Key(long a, long b, long c, long d) {}

    private final AsyncCache<Key, Answer> cache;
    private final Cache<VerifiedToken, Answer> byToken;
    private final Ticker ticker;
    private final long ttlNanos;

    IntrospectionCache(int maxEntries, Duration ttl, Ticker ticker) {
        this.ticker = ticker;
        this.ttlNanos = ttl.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run) // no pool threads in a container
                .expireAfter(new Expiry<Key, Answer>() {
                    @Override
                    public long expireAfterCreate(Key key, Answer answer, long now) {
                        return Math.max(0, answer.keepUntilNanos() - now);
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Answer answer, long now, long current) {
                        return expireAfterCreate(key, answer, now);
                    }

                    @Override
                    public long expireAfterRead(Key key, Answer answer, long now, long current) {
                        return current;
                    }
                })
                .buildAsync();
        this.byToken = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run)
                .weakKeys() // identity, and no entry outlives its token
                .expireAfter(Expiry.<VerifiedToken, Answer>writing(
                        (t, answer) -> Duration.ofNanos(Math.max(0, answer.keepUntilNanos() - ticker.read()))))
                .build();
    }

    /** The answer kept for this very token object, or null. */
    Answer cachedFor(VerifiedToken token) {
        return byToken.getIfPresent(token);
    }

    /** Keeps {@code answer} for this very token object, until the answer's own end. */
    void remember(VerifiedToken token, Answer answer) {
        byToken.put(token, answer);
    }

    /** How long an answer about a token that expires at {@code expSeconds} (or never, MAX) is kept, as ticker time. */
    long keepUntil(boolean active, long expSeconds) {
        long now = ticker.read();
        long until = KeySnapshot.saturatedAdd(now, ttlNanos);
        if (active && expSeconds != Long.MAX_VALUE) {
            long exp = expSeconds >= Long.MAX_VALUE / 1_000_000_000L
                    ? Long.MAX_VALUE
                    : TimeUnit.SECONDS.toNanos(Math.max(0, expSeconds));
            until = Math.min(until, exp);
        }
        return until;
    }

    /**
     * The answer for the token hashed as {@code key}: cached, or being fetched by another caller, or from
     * {@code call} (counted by {@code onCall}).
     */
    CompletableFuture<Answer> get(Key key, Supplier<CompletableFuture<Answer>> call) {
        return cache.get(key, (k, executor) -> call.get());
    }

    /** The answer for {@code key} if one is cached and complete, else null. */
    Answer cached(Key key) {
        CompletableFuture<Answer> f = cache.getIfPresent(key);
        Answer a = f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
        return a == null || a.failure() != null ? null : a;
    }

    /** Forgets every answer. */
    void clear() {
        cache.synchronous().invalidateAll();
        byToken.invalidateAll();
    }

    /** The key of a JWT that validated: the hash of its signature part. */
    static Key ofJwt(String token) {
        return hash('J', token, token.lastIndexOf('.') + 1);
    }

    /** The key of any other token: the hash of all of it. */
    static Key ofOpaque(String token) {
        return hash('O', token, 0);
    }

    private static Key hash(char domain, String token, int from) {
        MessageDigest md = SHA256.get();
        md.update((byte) domain);
        md.update(token.substring(from).getBytes(StandardCharsets.UTF_8));
        ByteBuffer d = ByteBuffer.wrap(md.digest());
        return new Key(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }
}
