package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What a {@code kid} that the keys at hand lack means, once the source was asked for newer keys
 * (issue 27). It is only <em>known</em> to be unknown if the keys were fetched after the token was
 * issued; otherwise the identity provider may have rotated since, and the honest answer is "cannot
 * check now" until the next fetch is allowed.
 *
 * <ul>
 *   <li>The keys were fetched after the validator was asked about the token (its own refetch, or
 *       one it joined that started later): the token existed when they were fetched, so the key was
 *       not published: unknown.</li>
 *   <li>Otherwise, if the token's {@code iat} (else its {@code nbf}) is not before the second the
 *       keys' fetch started minus the leeway, and not beyond now plus the leeway (such a token is
 *       refused for its time claims anyway), the key may be newer than the keys: unavailable, with
 *       the time until the source may fetch again.</li>
 *   <li>Anything else is unknown: a token without a {@code kid} or whose {@code kid} the keys have
 *       (for another algorithm or key type), keys or a source that do not say when they were fetched
 *       (static keys, a {@link JwksSource} of the application's), a token without {@code iat} and
 *       {@code nbf}.</li>
 * </ul>
 *
 * <p>The claims read here are not verified. They only choose between two refusals and never make a
 * token valid; nor do they start a fetch: the source's rate limit alone decides that, so the flood
 * bound (one fetch per minimum interval) holds whatever {@code iat} an attacker writes.
 */
final class UnfetchedKeyRule {
    /** A bound on {@code Retry-After}, whatever an application's source says. */
    private static final Duration MAX_WAIT = Duration.ofHours(1);

    private UnfetchedKeyRule() {}

    /**
     * The unavailable answer if the key may not have been fetched yet, else null (the key is unknown).
     *
     * @param source the issuer's key source, asked for newer keys at {@code askedAtMillis}
     * @param keys the keys it answered with, which lack a key for the token
     * @param kid the token's {@code kid}, or null
     * @param claims the token's claims, not yet verified
     * @param askedAtMillis when the source was asked, on {@code clock}
     */
    static ValidationResult.Unavailable deferral(
            JwksSource source,
            KeySet keys,
            String kid,
            JsonObject claims,
            long askedAtMillis,
            Clock clock,
            long skewSeconds) {
        if (kid == null || keys.keyIds().contains(kid)) {
            return null; // no kid to look for, or the key it names was fetched and does not fit the algorithm
        }
        Instant fetchStart = keys.fetchStart().orElse(null);
        Instant nextFetch =
                fetchStart == null ? null : source.nextFetchAllowedAt().orElse(null);
        if (nextFetch == null || !fetchStart.isBefore(Instant.ofEpochMilli(askedAtMillis))) {
            return null;
        }
        Object issued = claims.get("iat");
        String claim = "iat";
        if (issued == null) {
            issued = claims.get("nbf");
            claim = "nbf";
        }
        if (!(issued instanceof Number n)) {
            return null;
        }
        long issuedSecond = NumericDate.seconds(n);
        Instant now = clock.instant();
        long fetchSecond = fetchStart.getEpochSecond();
        if (issuedSecond < NumericDate.plus(fetchSecond, -skewSeconds)
                || issuedSecond > NumericDate.plus(now.getEpochSecond(), skewSeconds)) {
            return null;
        }
        Duration wait = nextFetch.isAfter(now) ? Duration.between(now, nextFetch) : Duration.ZERO;
        wait = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
        return new ValidationResult.Unavailable(
                ValidationFailure.of(
                        FailureReason.KEY_NOT_YET_FETCHED,
                        claim + " is " + NumericDate.plus(issuedSecond, -fetchSecond)
                                + " s from the start of the last fetch"
                                + " (leeway " + skewSeconds + " s), so its key may be newer; next fetch allowed in "
                                + Durations.describe(wait)),
                wait);
    }
}
