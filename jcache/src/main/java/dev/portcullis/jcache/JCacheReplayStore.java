package dev.portcullis.jcache;

import dev.portcullis.core.dpop.DpopReplayStore;

import javax.cache.Cache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A proof is its key in the cache: 128 bits of the SHA-256 of its key's thumbprint and its {@code jti}, base64url
 * (22 characters, whatever the client sent); the value is its {@code iat}. One atomic {@code putIfAbsent} per proof:
 * true is a first use, false a replay, anywhere in the cluster. The cache expires the entry after its TTL (checked at
 * build to cover the window plus the leeway); a proof whose remaining life is longer than that TTL (an {@code iat}
 * further in the future than the leeway) is {@code TOO_OLD} rather than trusted to an entry that would expire first.
 */
final class JCacheReplayStore implements DpopReplayStore {
    private static final System.Logger LOG = System.getLogger("dev.portcullis.dpop");
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private final Cache<String, Long> cache;
    private final long windowMillis;
    private final long ttlMillis;
    private final Clock clock;
    /** True from a failure until the next answer: one WARNING per outage, one INFO when it ends. */
    private final AtomicBoolean failing = new AtomicBoolean();

    JCacheReplayStore(Cache<String, Long> cache, Duration window, Duration ttl, Clock clock) {
        this.cache = cache;
        this.windowMillis = window.toMillis();
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    @Override
    public Verdict use(String keyThumbprint, String jti, Instant issuedAt, Instant expiresAt) {
        if (keyThumbprint == null || jti == null || issuedAt == null || expiresAt == null) {
            return Verdict.TOO_OLD;
        }
        try {
            long now = clock.millis();
            long iat = issuedAt.toEpochMilli();
            long limit = Math.min(expiresAt.toEpochMilli(), iat + windowMillis);
            if (now >= limit || limit - now > ttlMillis) {
                return Verdict.TOO_OLD;
            }
            boolean first = cache.putIfAbsent(id(keyThumbprint, jti), iat);
            if (failing.get() && failing.compareAndSet(true, false)) {
                LOG.log(System.Logger.Level.INFO, "DPoP replay cache ''{0}'' answers again", cache.getName());
            }
            return first ? Verdict.FIRST_USE : Verdict.REPLAYED;
        } catch (ArithmeticException e) {
            return Verdict.TOO_OLD; // an instant beyond what milliseconds hold: nothing to vouch for
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                // Neither the exception's message nor its stack: the line says what it means for requests.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "DPoP replay cache ''{0}'' failed; DPoP requests are refused"
                                + " with 503 until it answers again",
                        safeName());
            }
            return Verdict.UNAVAILABLE;
        }
    }

    private String safeName() {
        try {
            return cache.getName();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    static String id(String thumbprint, String jti) {
        MessageDigest digest = SHA_256.get();
        digest.update(thumbprint.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        byte[] hash = digest.digest(jti.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
    }
}
