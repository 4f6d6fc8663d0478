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

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Decision d = authenticator.authenticate(requestView, AccessRequirement.none());
 * if (d instanceof BearerAuthenticator.Authenticated a) {
 *     // install a.principal(), add a.responseHeaders() to the response
 * } else if (d instanceof BearerAuthenticator.Refused r) {
 *     // write r.response(): status, headers (every value), body
 * }
 * }</pre>
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
    private final Challenges challenges;
    private final ResourceMetadata metadata; // null: none served
    private final Clock clock;
    /** Per {@link FailureReason}, the {@link System#nanoTime()} of its last WARNING line, or {@link #NEVER}. */
    private final AtomicLongArray lastWarning = new AtomicLongArray(FailureReason.values().length);

    private BearerAuthenticator(TokenValidator validator, String realm, ResourceMetadata metadata, Clock clock) {
        this.validator = validator;
        this.extractor = BearerTokenExtractor.forHeader(validator.config().tokenHeader());
        this.challenges = new Challenges(realm, metadata);
        this.metadata = metadata;
        this.clock = clock;
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
        return challenges.realm();
    }

    /** The header carrying the token ({@code mp.jwt.token.header}, normally {@code Authorization}). */
    public String headerName() {
        return extractor.headerName();
    }

    /** What to do with a request. */
    public sealed interface Decision permits Authenticated, Refused {
    }

    /**
     * The request may proceed as {@code principal}.
     *
     * @param token the verified token
     * @param principal the principal to install
     * @param responseHeaders headers the adapter adds to the response (e.g. a {@code DPoP-Nonce}), each
     *                        value; usually empty
     */
    public record Authenticated(VerifiedToken token, BearerPrincipal principal, Map<String, List<String>> responseHeaders)
            implements Decision {
        /** Checks for null, copies. */
        public Authenticated {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(principal, "principal");
            responseHeaders = responseHeaders.isEmpty() ? Map.of() : Map.copyOf(responseHeaders);
        }

        /** A decision without response headers. */
        public Authenticated(VerifiedToken token, BearerPrincipal principal) {
            this(token, principal, Map.of());
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
     * @param request the request, as its adapter sees it
     * @param requirement what the request needs besides a valid token
     */
    public Decision authenticate(HttpRequestView request, AccessRequirement requirement) {
        String raw = null;
        try {
            if (requirement.deniedToAll()) {
                return refuse(ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "denied to everyone"), null, request);
            }
            List<String> headerValues = request.headers(extractor.headerName());
            boolean tokenElsewhere = !headerValues.isEmpty() && request.tokenElsewhere();
            Extraction extraction = extractor.extract(headerValues, tokenElsewhere);
            if (extraction instanceof Extraction.Found found) {
                raw = found.token();
                ValidationResult result = validator.validate(raw);
                if (result instanceof ValidationResult.Valid valid) {
                    return authorize(valid.token(), raw, request, requirement);
                }
                return answer(result, raw, request);
            }
            if (extraction instanceof Extraction.Refused refused) {
                return refuse(refused.failure(), null, request);
            }
            // Judged by the validator too, so that a proxy dropping the header shows in its counters.
            return answer(validator.validate(null), null, request);
        } catch (RuntimeException e) {
            return fault(e, raw, request);
        }
    }

    /**
     * Decides a request whose token was verified already (by another adapter in front of this one,
     * or before a forward): only what the request needs is checked. Never throws.
     */
    public Decision authorize(VerifiedToken token, HttpRequestView request, AccessRequirement requirement) {
        try {
            if (requirement.deniedToAll()) {
                return refuse(ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "denied to everyone"), null, request);
            }
            return authorize(token, null, request, requirement);
        } catch (RuntimeException e) {
            return fault(e, null, request);
        }
    }

    private Decision authorize(VerifiedToken token, String raw, HttpRequestView request, AccessRequirement need) {
        if (metadata != null && !metadata.audienceAccepted(token, request)) {
            return refuse(ValidationFailure.of(FailureReason.WRONG_AUDIENCE, "aud lacks the resource identifier"), raw, request);
        }
        if (!need.isNone()) {
            if (!need.scopesGrantedTo(token)) {
                return refuse(new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE,
                        "needs " + need.scopeMatch() + " of the scopes " + need.scopes(), List.copyOf(need.scopes())),
                        raw, request);
            }
            if (!need.rolesGrantedTo(token)) {
                return refuse(ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE,
                        "needs one of the roles " + need.roles()), raw, request);
            }
            ValidationFailure stepUp = StepUp.check(token, need, clock.instant(), validator.config().clockSkew());
            if (stepUp != null) {
                return refuse(stepUp, raw, request, need);
            }
        }
        return new Authenticated(token, new BearerPrincipal(token));
    }

    /** A refusal the validator did not count: malformed requests (400) and missing rights (403). */
    private Decision refuse(ValidationFailure failure, String raw, HttpRequestView request) {
        return refuse(failure, raw, request, AccessRequirement.none());
    }
    private Decision refuse(ValidationFailure failure, String raw, HttpRequestView request, AccessRequirement need) {
        CoreInternals.countRefusal(validator, failure);
        log(failure, raw, request);
        return new Refused(BearerResponse.refusal(failure, -1, challenges.forFailure(failure, request, need)));
    }

    /** A refusal the validator decided, and counted. */
    private Decision answer(ValidationResult result, String raw, HttpRequestView request) {
        ValidationFailure failure = BearerResponse.failureOf(result);
        log(failure, raw, request);
        return new Refused(BearerResponse.refusal(failure, BearerResponse.retryAfterSeconds(result),
                challenges.forFailure(failure, request)));
    }

    private Decision fault(RuntimeException e, String raw, HttpRequestView request) {
        // Neither the exception's message (it might quote the token) nor its class or stack is logged.
        ValidationFailure failure = ValidationFailure.of(FailureReason.VALIDATION_UNAVAILABLE,
                "the validator failed unexpectedly");
        try {
            CoreInternals.countRefusal(validator, failure);
            LOG.log(System.Logger.Level.ERROR, "Refused {0} {1}: token {2} {3} ({4})", LogText.escape(request.method()),
                    LogText.escape(request.path()), TokenFingerprint.of(raw), failure.reason(), failure.detail());
        } catch (RuntimeException ignored) {
            // a failing logger (or request view) must not turn a refusal into an error page
        }
        List<String> challenge;
        try {
            challenge = challenges.forFailure(failure, request);
        } catch (RuntimeException ignored) {
            challenge = List.of(BearerChallenge.bare(challenges.realm()) + challenges.metadataAttribute(request));
        }
        return new Refused(BearerResponse.refusal(failure, FAULT_RETRY.toSeconds(), challenge));
    }

    private void log(ValidationFailure failure, String raw, HttpRequestView request) {
        System.Logger.Level level = failure.reason().isServerFault() && warnNow(failure.reason())
                ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        if (LOG.isLoggable(level)) { // a SHA-256 of the token and the escaping: not for every request
            LOG.log(level, "Refused {0} {1}: token {2} {3} ({4})", LogText.escape(request.method()),
                    LogText.escape(request.path()),
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
        private ResourceMetadata metadata;
        private Clock clock = Clock.systemUTC();

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

        /** The metadata (RFC 9728) whose URL every challenge carries, and whose resource-indicator rule is checked; default none. */
        public Builder metadata(ResourceMetadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /** The clock for the step-up {@code max_age} rule (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The authenticator. */
        public BearerAuthenticator build() {
            return new BearerAuthenticator(validator, realm, metadata, clock);
        }
    }
}
