package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenFingerprint;
import dev.portcullis.core.ValidationFailure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The request path's log line per refusal, on logger {@code dev.portcullis.http}:
 * {@code Refused <method> <path>: token <fingerprint> <reason> (<detail>)}, every client-supplied
 * part escaped ({@link LogText}); WARNING for the first server fault of a reason in 10 s, DEBUG
 * otherwise; ERROR for an unexpected failure, which it also answers. Thread-safe.
 */
final class RefusalLog {
    private static final System.Logger LOG = System.getLogger("dev.portcullis.http");
    /** {@code Retry-After} of a 503 caused by an unexpected validator error. */
    private static final Duration FAULT_RETRY = Duration.ofSeconds(30);
    /** At most one WARNING line per server-fault reason in this time; the rest at DEBUG. */
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private static final long NEVER = Long.MIN_VALUE;

    /** Per {@link FailureReason}, the {@link System#nanoTime()} of its last WARNING line, or {@link #NEVER}. */
    private final AtomicLongArray lastWarning = new AtomicLongArray(FailureReason.values().length);

    RefusalLog() {
        for (int i = 0; i < lastWarning.length(); i++) {
            lastWarning.set(i, NEVER);
        }
    }

    void log(ValidationFailure failure, String raw, HttpRequestView request) {
        System.Logger.Level level = failure.reason().isServerFault() && warnNow(failure.reason())
                ? System.Logger.Level.WARNING
                : System.Logger.Level.DEBUG;
        if (LOG.isLoggable(level)) { // a SHA-256 of the token and the escaping: not for every request
            LOG.log(
                    level,
                    "Refused {0} {1}: token {2} {3} ({4})",
                    LogText.escape(request.method()),
                    LogText.escape(request.path()),
                    TokenFingerprint.of(raw),
                    failure.reason(),
                    LogText.escape(failure.detail()));
        }
    }

    /** The line of an unexpected failure, at ERROR, without the exception (its message might quote the token). */
    void error(ValidationFailure failure, String raw, HttpRequestView request) {
        LOG.log(
                System.Logger.Level.ERROR,
                "Refused {0} {1}: token {2} {3} ({4})",
                LogText.escape(request.method()),
                LogText.escape(request.path()),
                TokenFingerprint.of(raw),
                failure.reason(),
                failure.detail());
    }

    /**
     * The answer to an unexpected failure of the request path: 503 {@link FailureReason#VALIDATION_UNAVAILABLE},
     * counted against {@code validator} and logged at ERROR; never throws.
     */
    BearerResponse fault(
            dev.portcullis.core.TokenValidator validator, Challenges challenges, String raw, HttpRequestView request) {
        ValidationFailure failure =
                ValidationFailure.of(FailureReason.VALIDATION_UNAVAILABLE, "the validator failed unexpectedly");
        try {
            dev.portcullis.core.internal.CoreInternals.countRefusal(validator, failure);
            error(failure, raw, request);
        } catch (RuntimeException ignored) {
            // a failing logger (or request view) must not turn a refusal into an error page
        }
        java.util.List<String> challenge;
        try {
            challenge = challenges.forFailure(failure, request);
        } catch (RuntimeException ignored) {
            challenge =
                    java.util.List.of(BearerChallenge.bare(challenges.realm()) + challenges.metadataAttribute(request));
        }
        return BearerResponse.refusal(failure, FAULT_RETRY.toSeconds(), challenge);
    }

    /**
     * True for the first server-fault refusal of {@code reason} in each {@link #WARN_INTERVAL_NANOS}:
     * an outage or a key rotation answers many requests 503 within seconds, and one WARNING line per
     * request would flood the log; the others are logged at DEBUG (and counted in the metrics).
     */
    private boolean warnNow(FailureReason reason) {
        int i = reason.ordinal();
        long now = System.nanoTime();
        long last = lastWarning.get(i);
        return (last == NEVER || now - last >= WARN_INTERVAL_NANOS) && lastWarning.compareAndSet(i, last, now);
    }
}
