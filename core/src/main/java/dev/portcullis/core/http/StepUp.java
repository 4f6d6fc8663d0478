package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The step-up rules of RFC 9470: the token's {@code acr} must be one of those a request lists, and
 * its {@code auth_time} at most {@code max_age} seconds ago (plus the clock-skew leeway). A token
 * without {@code acr} fails an {@code acr} rule; one without {@code auth_time} fails a
 * {@code max_age} rule. Stateless.
 *
 * <p>Checked after the scope and role checks: RFC 9470 §3 asks the client to obtain a new token
 * through a new (stronger or fresher) user authentication, and a caller who lacks the rights anyway
 * must not be sent to authenticate again only to be refused with 403 afterwards; nor does the
 * resource's authentication policy need to be shown to callers it would refuse on other grounds.
 */
final class StepUp {
    private StepUp() {}

    /** The failure of {@code token} against {@code need}'s step-up rules at {@code now}, or null if it passes. */
    static ValidationFailure check(VerifiedToken token, AccessRequirement need, Instant now, Duration leeway) {
        if (!need.acr().isEmpty()) {
            Optional<Object> acr = token.claim("acr");
            if (acr.isEmpty() || !(acr.get() instanceof String value)) {
                return ValidationFailure.of(FailureReason.INSUFFICIENT_ACR, "no acr claim, needs one of " + need.acr());
            }
            if (!need.acr().contains(value)) {
                return ValidationFailure.of(FailureReason.INSUFFICIENT_ACR, "acr not one of " + need.acr());
            }
        }
        if (need.maxAge().isPresent()) {
            Duration maxAge = need.maxAge().get();
            Optional<Object> authTime = token.claim("auth_time");
            if (authTime.isEmpty() || !(authTime.get() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return ValidationFailure.of(
                        FailureReason.AUTHENTICATION_TOO_OLD,
                        "no numeric auth_time claim, needs max_age " + maxAge.toSeconds() + " s");
            }
            long ageSeconds = now.getEpochSecond() - (n instanceof Long l ? l : (long) Math.floor(n.doubleValue()));
            if (ageSeconds > maxAge.toSeconds() + leeway.toSeconds()) {
                return ValidationFailure.of(
                        FailureReason.AUTHENTICATION_TOO_OLD,
                        "authenticated " + ageSeconds + " s ago, max_age " + maxAge.toSeconds() + " s, leeway "
                                + leeway.toSeconds() + " s");
            }
        }
        return null;
    }

    /** The challenge attributes telling the client what to ask for (RFC 9470 §3): {@code acr_values}, {@code max_age}. */
    static String attributes(AccessRequirement need) {
        StringBuilder b = new StringBuilder();
        if (!need.acr().isEmpty()) {
            b.append(", acr_values=\"").append(String.join(" ", need.acr())).append('"');
        }
        need.maxAge().ifPresent(m -> b.append(", max_age=").append(m.toSeconds()));
        return b.toString();
    }
}
