package dev.portcullis.core;

/**
 * An application's answer to "was this token revoked?", asked after a token validated. JWTs cannot
 * be revoked by themselves: the usual answers are short lifetimes ({@code exp} of minutes), token
 * introspection (RFC 7662) for high-value endpoints, or a denylist of {@code jti}, {@code sub} or
 * {@code sid} values fed by the identity provider's logout or admin events, checked here.
 *
 * <p>Must be fast and thread-safe (it runs on every request). A check that throws fails closed: the
 * request is answered 503 ({@link FailureReason#REVOCATION_UNAVAILABLE}), never accepted.
 *
 * <pre>{@code
 * Set<String> revokedSessions = ConcurrentHashMap.newKeySet();
 * TokenValidator validator = TokenValidator.builder(config)
 *         .revocationCheck(token -> token.claim("sid").map(revokedSessions::contains).orElse(false))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RevocationCheck {
    /** True if the (otherwise valid) token must be refused as revoked. */
    boolean isRevoked(VerifiedToken token);
}
