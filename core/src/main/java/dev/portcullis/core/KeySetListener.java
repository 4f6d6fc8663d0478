package dev.portcullis.core;

import java.time.Duration;
import java.util.Set;

/**
 * Observes the remote key sets of a validator: fetches, outages, refetches refused by the rate
 * limit, and key rotations. Register one with {@link TokenValidator.Builder#listener(KeySetListener)};
 * every method has a no-op default, so implement only what you need (metrics, alerts, audit).
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder(config)
 *         .listener(new KeySetListener() {
 *             @Override
 *             public void outageStarted(String issuerName, FailureKind kind) {
 *                 alerts.raise("identity provider " + issuerName + " unreachable: " + kind);
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Rules, as for any event listener that sits on a request path:
 * <ul>
 *   <li>Methods are called on the thread that saw the event, a request thread or a key-fetch
 *       thread, possibly concurrently: implementations must be thread-safe.</li>
 *   <li>They must return quickly and never block: a slow listener slows the requests it runs on.</li>
 *   <li>They must not throw. If one does, the exception is caught, logged once per listener
 *       (without a stack trace), and validation goes on as if the listener had returned.</li>
 * </ul>
 *
 * <p>{@code issuerName} is the {@link IssuerPolicy#name()} of the issuer the keys belong to
 * ({@code default} for the single-issuer configuration). Only keys fetched over HTTP(S) produce
 * events; inline keys, key files and custom {@link JwksSource}s do not.
 *
 * @since 0.1.0
 */
public interface KeySetListener {

    /** Why a key fetch failed. */
    enum FailureKind {
        /** No complete answer within the fetch timeout (including a provider that never answers). */
        TIMEOUT,
        /** The connection could not be made or broke (refused, reset, closed without an answer). */
        CONNECTION,
        /** The key set URL answered with a status other than 200. */
        HTTP_STATUS,
        /** The answer was larger than the 512 KiB limit. */
        OVERSIZED,
        /** The answer was not a JWK Set (HTML, garbage, other JSON). */
        NOT_A_JWK_SET,
        /** The JWK Set held no usable signing key (empty, or only ignored entries). */
        NO_USABLE_KEYS,
        /**
         * OpenID Connect discovery failed: the document was missing, not JSON, named another
         * {@code issuer}, or had no usable {@code jwks_uri}.
         */
        DISCOVERY
    }

    /**
     * Keys were fetched and parsed.
     *
     * @param keyCount the number of usable keys in the set
     * @param duration how long the fetch took (wall-clock time)
     */
    default void fetchSucceeded(String issuerName, int keyCount, Duration duration) {}

    /** A key fetch failed. Each failed attempt is reported; attempts are rate-limited. */
    default void fetchFailed(String issuerName, FailureKind kind) {}

    /**
     * Fetching keys started failing. Known keys stay in use for up to the outage tolerance; tokens
     * that need other keys are answered {@link ValidationResult.Unavailable}. Reported once per
     * outage, with the kind of the first failure.
     */
    default void outageStarted(String issuerName, FailureKind kind) {}

    /**
     * Keys were fetched again after an outage.
     *
     * @param outage how long the outage lasted, from its first failed fetch to this success
     */
    default void outageEnded(String issuerName, Duration outage) {}

    /**
     * A fetch was wanted (an unknown {@code kid}, or no keys at all) but refused because the
     * minimum refetch interval has not passed since the last one.
     *
     * @param retryAfter how long until a fetch will be allowed again
     */
    default void refetchSuppressed(String issuerName, Duration retryAfter) {}

    /**
     * A successful fetch published a different set of key ids than the keys in use before it. The
     * first fetch reports all its key ids as added.
     *
     * @param addedKeyIds key ids new in this set
     * @param removedKeyIds key ids no longer published
     */
    default void keySetChanged(String issuerName, Set<String> addedKeyIds, Set<String> removedKeyIds) {}
}
