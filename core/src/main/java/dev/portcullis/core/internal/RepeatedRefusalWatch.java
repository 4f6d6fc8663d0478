package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Notices a refusal cause that persists, the signature of a misconfiguration rather than of bad
 * clients (the audience never in any token, a rotation not followed, an issuer URL that differs):
 * after {@value #THRESHOLD} refusals in a row for one such reason, one WARN naming the reason and
 * what was expected against what arrived. At most one WARN per reason per {@link #QUIET}.
 */
final class RepeatedRefusalWatch {
    static final int THRESHOLD = 10;
    static final Duration QUIET = Duration.ofMinutes(10);
    private static final System.Logger LOG = System.getLogger("dev.portcullis");
    private static final Set<FailureReason> WATCHED = EnumSet.of(
            FailureReason.WRONG_AUDIENCE,
            FailureReason.WRONG_ISSUER,
            FailureReason.UNKNOWN_KEY,
            FailureReason.UNSUPPORTED_ALGORITHM,
            FailureReason.WRONG_TYPE,
            FailureReason.EXPIRED,
            FailureReason.NOT_YET_VALID,
            FailureReason.ISSUED_IN_FUTURE,
            FailureReason.INSUFFICIENT_SCOPE,
            FailureReason.KEYS_UNAVAILABLE);

    private final String validatorName;
    private final Clock clock;
    private final long[] lastWarned = new long[FailureReason.values().length];
    private volatile FailureReason streakReason; // written under this; read without it on the fast path
    private int streak; // guarded by this

    RepeatedRefusalWatch(String validatorName, Clock clock) {
        this.validatorName = validatorName;
        this.clock = clock;
        java.util.Arrays.fill(lastWarned, Long.MIN_VALUE);
    }

    void observe(ValidationResult result) {
        ValidationFailure failure = result.rejection().orElse(null);
        FailureReason reason = failure == null ? null : failure.reason();
        if ((reason == null || !WATCHED.contains(reason)) && streakReason == null) {
            return; // the common case (accepted, no streak): no lock on the hot path
        }
        String warning = null;
        synchronized (this) {
            if (reason == null || !WATCHED.contains(reason)) {
                streakReason = null;
                streak = 0;
                return;
            }
            if (reason == streakReason) {
                streak++;
            } else {
                streakReason = reason;
                streak = 1;
            }
            long now = clock.millis();
            if (streak >= THRESHOLD
                    && (lastWarned[reason.ordinal()] == Long.MIN_VALUE
                            || now - lastWarned[reason.ordinal()] >= QUIET.toMillis())) {
                lastWarned[reason.ordinal()] = now;
                warning = hint(reason);
                streak = 0;
            }
        }
        if (warning != null) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Validator {0}: the last {1} tokens were all refused as {2}: {3}. {4}",
                    validatorName,
                    THRESHOLD,
                    reason,
                    failure.detail(),
                    warning);
        }
    }

    private static String hint(FailureReason reason) {
        switch (reason) {
            case WRONG_AUDIENCE:
                return "Check mp.jwt.verify.audiences against the audience the identity provider puts in its tokens"
                        + " (Keycloak: an audience mapper on the client).";
            case WRONG_ISSUER:
                return "Check mp.jwt.verify.issuer: it must equal the tokens' iss exactly (scheme, host, port, path).";
            case UNKNOWN_KEY:
                return "The identity provider signs with keys its JWKS does not list: check the key location.";
            case UNSUPPORTED_ALGORITHM:
                return "Check mp.jwt.verify.publickey.algorithm against the algorithm the identity provider signs with.";
            case WRONG_TYPE:
                return "Tokens are typed as another kind of JWT (never accepted), or not typed at+jwt while"
                        + " portcullis.verify.typ requires it: see the detail; configure the provider or switch the setting off.";
            case EXPIRED:
            case NOT_YET_VALID:
            case ISSUED_IN_FUTURE:
                return "Clients are not refreshing their tokens, or this node's clock is off (compare with NTP).";
            case INSUFFICIENT_SCOPE:
                return "Clients request tokens without the scopes this API requires.";
            default:
                return "The identity provider is unreachable: check the network and its JWKS URL.";
        }
    }
}
