package dev.portcullis.core;

import java.time.Instant;
import java.util.Optional;

/**
 * Where an issuer's verification keys come from. Implementations must be thread-safe and must never
 * block a caller for longer than their fetch timeout.
 *
 * <p>The validator calls {@link #keys()} for every token, and {@link #refresh(KeySet)} when the
 * token names a key that the set it was given does not contain (the issuer may have rotated its
 * keys). Sources decide whether a refetch is allowed; a source that refetches for every unknown
 * key id lets a flood of made-up {@code kid}s hammer the identity provider.
 *
 * @since 0.1.0
 */
public interface JwksSource extends AutoCloseable {

    /**
     * The keys to verify with now.
     *
     * @throws KeysUnavailableException if no keys can be had (never loaded, identity provider down)
     */
    KeySet keys() throws KeysUnavailableException;

    /**
     * Called when a token names a key that {@code stale} lacks. Refetches if allowed and returns the
     * newest keys (possibly {@code stale} itself if no refetch is allowed yet and the last fetch
     * succeeded).
     *
     * @throws KeysUnavailableException if the keys cannot be had, so the unknown key can be neither
     *                                  found nor ruled out
     */
    default KeySet refresh(KeySet stale) throws KeysUnavailableException {
        return keys();
    }

    /**
     * The earliest moment at which {@link #refresh(KeySet)} may fetch again, on the validator's clock;
     * empty if this source does not say (the default). A source that says, and stamps the sets it
     * fetches ({@link KeySet#withFetchStart}), lets the validator answer a token whose {@code kid} may
     * be newer than the last fetch with 503 and {@code Retry-After} (reason
     * {@link FailureReason#KEY_NOT_YET_FETCHED}) instead of {@link FailureReason#UNKNOWN_KEY}.
     */
    default Optional<Instant> nextFetchAllowedAt() {
        return Optional.empty();
    }

    /** Releases threads and connections. Idempotent. */
    @Override
    default void close() {}
}
