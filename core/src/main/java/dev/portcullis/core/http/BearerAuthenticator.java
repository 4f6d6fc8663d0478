package dev.portcullis.core.http;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenFingerprint;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;
import dev.portcullis.core.internal.CoreInternals;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The whole request path of every adapter, written once: extract the token, validate it, check
 * what the request needs, and decide. An adapter reads its request, calls
 * {@link #authenticate}, and either installs the principal of an {@link Authenticated} decision or
 * writes the {@link BearerResponse} of a {@link Refused} one. Immutable and thread-safe; one per
 * application, beside its {@link TokenValidator}.
 *
 * <p>It also counts every refusal (tokens through {@link TokenValidator#validate}, a request without
 * a token too, so that a proxy dropping the header shows in the counters; malformed requests and
 * 403s directly into the validator's {@link TokenValidator#metrics()}), and writes one log line per refusal on logger
 * {@code dev.portcullis.http}: {@code Refused <method> <path>: token <fingerprint> <reason> (<detail>)},
 * WARNING for the first server fault of a kind in 10 s and DEBUG otherwise, every client-supplied part escaped
 * (see {@code LogText}). It never throws: an unexpected error of the validator is answered 503
 * ({@link FailureReason#VALIDATION_UNAVAILABLE}) and logged at ERROR.
 *
 * <pre>{@code
 * BearerAuthenticator authenticator = BearerAuthenticator.builder(validator).realm("orders").build();
 * Decision d = authenticator.authenticate(request.headers("Authorization"), tokenInQueryOrForm,
 *         request.method(), request.path(), AccessRequirement.none());
 * if (d instanceof BearerAuthenticator.Authenticated a) {
 *     // install a.principal()
 * } else if (d instanceof BearerAuthenticator.Refused r) {
 *     // write r.response(): status, headers, body
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class BearerAuthenticator {
    private static final System.Logger LOG = System.getLogger("dev.portcullis.http");
    /** {@code Retry-After} of a 503 caused by an unexpected validator error. */
    private static final Duration FAULT_RETRY = Duration.ofSeconds(30);

    /** At most one WARNING line per server-fault reason in this time; the rest at DEBUG. */
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long NEVER = Long.MIN_VALUE;

    private final TokenValidator validator;
    private final BearerTokenExtractor extractor;
    private final String realm;
    /** Per {@link FailureReason}, the {@link System#nanoTime()} of its last WARNING line, or {@link #NEVER}. */
    private final AtomicLongArray lastWarning = new AtomicLongArray(FailureReason.values().length);

    private BearerAuthenticator(TokenValidator validator, String realm) {
        this.validator = validator;
        this.extractor = BearerTokenExtractor.forHeader(validator.config().tokenHeader());
        this.realm = realm;
        for (int i = 0; i < lastWarning.length(); i++) {
            lastWarning.set(i, NEVER);
        }
    }

    /** A builder for an authenticator in front of {@code validator}. */
    public static Builder builder(TokenValidator validator) {
        return new Builder(validator);
    }

    /** The validator behind this authenticator. */
    public TokenValidator validator() {
        return validator;
    }

    /** The {@code realm} of the challenges. */
    public String realm() {
        return realm;
    }

    /** The header carrying the token ({@code mp.jwt.token.header}, normally {@code Authorization}). */
    public String headerName() {
        return extractor.headerName();
    }

    /** What to do with a request. */
    public sealed interface Decision permits Authenticated, Refused {
    }

    /** The request may proceed as {@code principal}. */
    public record Authenticated(VerifiedToken token, BearerPrincipal principal) implements Decision {
        /** Checks for null. */
        public Authenticated {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** The request is refused with {@code response} (RFC 6750). */
    public record Refused(BearerResponse response) implements Decision {
        /** Checks for null. */
        public Refused {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Decides a request. Never throws.
     *
     * @param headerValues every value of {@link #headerName()} in the request; null or empty if none
     * @param tokenElsewhere true if the request also has an {@code access_token} in its query or in a
     *                       form-encoded body (see {@link AccessTokenParameter})
     * @param method the request method, for the log line only
     * @param path the request path, for the log line only
     * @param requirement what the request needs besides a valid token
     */
    public Decision authenticate(List<String> headerValues, boolean tokenElsewhere, String method, String path,
                                 AccessRequirement requirement) {
        String raw = null;
        try {
            if (requirement.deniedToAll()) {
                return refuse(ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "denied to everyone"), null, method, path);
            }
            Extraction extraction = extractor.extract(headerValues, tokenElsewhere);
            if (extraction instanceof Extraction.Found found) {
                raw = found.token();
                ValidationResult result = validator.validate(raw);
                if (result instanceof ValidationResult.Valid valid) {
                    return authorize(valid.token(), raw, method, path, requirement);
                }
                return answer(result, raw, method, path);
            }
            if (extraction instanceof Extraction.Refused refused) {
                return refuse(refused.failure(), null, method, path);
            }
            // Judged by the validator too, so that a proxy dropping the header shows in its counters.
            return answer(validator.validate(null), null, method, path);
        } catch (RuntimeException e) {
            return fault(e, raw, method, path);
        }
    }

    /**
     * Decides a request whose token was verified already (by another adapter in front of this one,
     * or before a forward): only what the request needs is checked. Never throws.
     */
    public Decision authorize(VerifiedToken token, String method, String path, AccessRequirement requirement) {
        try {
            if (requirement.deniedToAll()) {
                return refuse(ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "denied to everyone"), null, method, path);
            }
            return authorize(token, null, method, path, requirement);
        } catch (RuntimeException e) {
            return fault(e, null, method, path);
        }
    }

    private Decision authorize(VerifiedToken token, String raw, String method, String path, AccessRequirement need) {
        if (!need.isNone()) {
            if (!need.scopesGrantedTo(token)) {
                return refuse(new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE,
                        "needs " + need.scopeMatch() + " of the scopes " + need.scopes(), List.copyOf(need.scopes())),
                        raw, method, path);
            }
            if (!need.rolesGrantedTo(token)) {
                return refuse(ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE,
                        "needs one of the roles " + need.roles()), raw, method, path);
            }
        }
        return new Authenticated(token, new BearerPrincipal(token));
    }

    /** A refusal the validator did not count: malformed requests (400) and missing rights (403). */
    private Decision refuse(ValidationFailure failure, String raw, String method, String path) {
        CoreInternals.countRefusal(validator, failure);
        log(failure, raw, method, path);
        return new Refused(BearerResponse.forFailure(realm, failure));
    }

    /** A refusal the validator decided, and counted. */
    private Decision answer(ValidationResult result, String raw, String method, String path) {
        ValidationFailure failure = result instanceof ValidationResult.Invalid i ? i.failure()
                : ((ValidationResult.Unavailable) result).failure();
        log(failure, raw, method, path);
        return new Refused(BearerResponse.forResult(realm, result));
    }

    private Decision fault(RuntimeException unused, String raw, String method, String path) {
        // Neither the exception's message (it might quote the token) nor its class or stack is logged.
        ValidationFailure failure = ValidationFailure.of(FailureReason.VALIDATION_UNAVAILABLE,
                "the validator failed unexpectedly");
        try {
            CoreInternals.countRefusal(validator, failure);
            LOG.log(System.Logger.Level.ERROR, "Refused {0} {1}: token {2} {3} ({4})", LogText.escape(method),
                    LogText.escape(path), TokenFingerprint.of(raw), failure.reason(), failure.detail());
        } catch (RuntimeException ignored) {
            // a failing logger must not turn a refusal into an error page
        }
        return new Refused(BearerResponse.forResult(realm, new ValidationResult.Unavailable(failure, FAULT_RETRY)));
    }

    private void log(ValidationFailure failure, String raw, String method, String path) {
        System.Logger.Level level = failure.reason().isServerFault() && warnNow(failure.reason())
                ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        if (LOG.isLoggable(level)) { // a SHA-256 of the token and the escaping: not for every request
            LOG.log(level, "Refused {0} {1}: token {2} {3} ({4})", LogText.escape(method), LogText.escape(path),
                    TokenFingerprint.of(raw), failure.reason(), LogText.escape(failure.detail()));
        }
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

    /** Builds a {@link BearerAuthenticator}; not thread-safe. */
    public static final class Builder {
        private final TokenValidator validator;
        private String realm = "api";

        private Builder(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
        }

        /**
         * The {@code realm} of the challenges (default {@code api}; adapters pass
         * {@code Settings.realm(contextPath)}); quotes are escaped in the challenge.
         */
        public Builder realm(String realm) {
            Objects.requireNonNull(realm, "realm");
            if (realm.isBlank() || realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("portcullis.realm: non-blank text without control characters"
                        + " expected, was '" + LogText.escape(realm) + "'");
            }
            this.realm = realm;
            return this;
        }

        /** The authenticator. */
        public BearerAuthenticator build() {
            return new BearerAuthenticator(validator, realm);
        }
    }
}
