package dev.portcullis.core.http;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.dpop.DpopConfig;
import dev.portcullis.core.dpop.DpopReplayStore;
import dev.portcullis.core.dpop.DpopReplayStores;
import dev.portcullis.core.dpop.DpopVerifier;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole request path of every adapter, written once: extract the token, validate it, check
 * what the request needs, and decide. An adapter reads its request, calls
 * {@link #authenticate}, and either installs the principal of an {@link Authenticated} decision or
 * writes the {@link BearerResponse} of a {@link Refused} one. Immutable and thread-safe; one per
 * application, beside its {@link TokenValidator}.
 *
 * <p>It also counts every refusal (tokens through {@link TokenValidator#validate}, a request without
 * a token too; malformed requests, DPoP refusals and 403s directly into the validator's
 * {@link TokenValidator#metrics()}), and writes one log line per refusal ({@code RefusalLog}). It never
 * throws: an unexpected error is answered 503 ({@link FailureReason#VALIDATION_UNAVAILABLE}), logged at ERROR.
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
 *
 * @since 0.1.0
 */
public final class BearerAuthenticator {
    private final TokenValidator validator;
    private final BearerTokenExtractor extractor;
    private final Challenges challenges;
    private final DpopStage dpop;
    private final AccessChecks access;
    private final Refusals refusals;

    private BearerAuthenticator(Builder b) {
        this.validator = b.validator;
        this.access = new AccessChecks(
                new CertificateBoundTokens(b.certificateHeader),
                b.metadata,
                b.clock,
                validator.config().clockSkew());
        this.extractor = BearerTokenExtractor.forHeader(validator.config().tokenHeader());
        this.challenges = new Challenges(b.realm, b.dpop.algorithms(), b.metadata);
        DpopReplayStore store = b.replayStore != null
                ? b.replayStore // else bounded, over the proof window and skew
                : DpopReplayStores.inMemory(b.dpop.proofMaxAge().plus(b.dpop.clockSkew()), 100_000, b.clock);
        this.dpop = new DpopStage(
                b.dpop,
                DpopVerifier.builder(b.dpop).replayStore(store).clock(b.clock).build());
        this.refusals = new Refusals(validator, challenges, dpop);
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
    public sealed interface Decision permits Authenticated, Refused {}

    /**
     * The request may proceed as {@code principal}.
     *
     * @param token the verified token
     * @param principal the principal to install
     * @param responseHeaders headers the adapter adds to the response (e.g. a {@code DPoP-Nonce}), each
     *                        value; usually empty
     */
    public record Authenticated(
            VerifiedToken token, BearerPrincipal principal, Map<String, List<String>> responseHeaders)
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
        boolean usedDpop = false;
        try {
            if (requirement.deniedToAll()) {
                return refusals.refuse(
                        ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "denied to everyone"),
                        null,
                        request,
                        dpop.offer(requirement, null, false));
            }
            List<String> headerValues = request.headers(extractor.headerName());
            boolean tokenElsewhere = !headerValues.isEmpty() && request.tokenElsewhere();
            Extraction extraction = extractor.extract(headerValues, tokenElsewhere);
            if (extraction instanceof Extraction.Found found) {
                raw = found.token();
                usedDpop = found.dpop();
                ValidationResult result = validator.validate(raw, requirement.introspection());
                if (result instanceof ValidationResult.Valid valid) {
                    DpopStage.Verdict v = dpop.check(usedDpop, valid.token(), raw, request, requirement);
                    Challenges.Offer offer =
                            dpop.offer(requirement, valid.token().issuer(), usedDpop);
                    if (v.failure() != null) {
                        return refusals.respond(
                                v.failure(), v.retryAfterSeconds(), raw, request, offer, v.nonce(), true, requirement);
                    }
                    return authorize(valid.token(), raw, request, requirement, offer, v.nonce());
                }
                return refusals.answer(result, raw, request, dpop.offer(requirement, null, usedDpop));
            }
            if (extraction instanceof Extraction.Refused refused) {
                return refusals.refuse(refused.failure(), null, request, dpop.offer(requirement, null, false));
            }
            // Judged by the validator too, so that a proxy dropping the header shows in its counters.
            return refusals.answer(validator.validate(null), null, request, dpop.offer(requirement, null, false));
        } catch (RuntimeException e) {
            return refusals.fault(raw, request);
        }
    }

    /**
     * Decides a request whose token was verified already (by another adapter in front of this one,
     * or before a forward): only what the request needs is checked (and, where DPoP is required,
     * that the token came with the DPoP scheme; its proof was checked where it was verified); a requirement
     * to introspect the token sends the request's token through the validator again with it (the local checks
     * are then a cache hit). Never throws.
     */
    public Decision authorize(VerifiedToken token, HttpRequestView request, AccessRequirement requirement) {
        try {
            if (requirement.deniedToAll()) {
                return refusals.refuse(
                        ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "denied to everyone"),
                        null,
                        request,
                        dpop.offer(requirement, token.issuer(), false));
            }
            IntrospectionConfig.Mode mode = requirement.introspection();
            if (mode != null && mode != IntrospectionConfig.Mode.OFF) {
                return authenticate(request, requirement);
            }
            boolean usedDpop =
                    extractor.extract(request.headers(extractor.headerName()), false) instanceof Extraction.Found f
                            && f.dpop();
            Challenges.Offer offer = dpop.offer(requirement, token.issuer(), usedDpop);
            if (!offer.bearer() && !usedDpop) {
                return refusals.refuse(
                        ValidationFailure.of(FailureReason.DPOP_REQUIRED, "Bearer presented where DPoP is required"),
                        null,
                        request,
                        offer);
            }
            return authorize(token, null, request, requirement, offer, null);
        } catch (RuntimeException e) {
            return refusals.fault(null, request);
        }
    }

    private Decision authorize(
            VerifiedToken token,
            String raw,
            HttpRequestView request,
            AccessRequirement need,
            Challenges.Offer offer,
            String nonce) {
        ValidationFailure refused = access.check(token, request, need);
        if (refused != null) {
            return refusals.respond(refused, -1, raw, request, offer, null, true, need);
        }
        return new Authenticated(
                token,
                new BearerPrincipal(token),
                nonce == null ? Map.of() : Map.of(DpopStage.NONCE_HEADER, List.of(nonce)));
    }

    /** Builds a {@link BearerAuthenticator}; not thread-safe. */
    public static final class Builder {
        private final TokenValidator validator;
        private String realm = "api";
        private DpopConfig dpop = DpopConfig.defaults();
        private DpopReplayStore replayStore;
        private Clock clock = Clock.systemUTC();
        private String certificateHeader;
        private ResourceMetadata metadata;

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

        /** How DPoP is accepted (default {@link DpopConfig#defaults()}: allowed; adapters pass {@code Settings.dpopConfig()}). */
        public Builder dpop(DpopConfig config) {
            this.dpop = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where accepted DPoP proofs are remembered (default: {@link DpopReplayStores#inMemory}, 100,000 proofs). */
        public Builder dpopReplayStore(DpopReplayStore store) {
            this.replayStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The metadata (RFC 9728) whose URL every challenge carries, and whose resource-indicator rule is checked; default none. */
        public Builder metadata(ResourceMetadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /** The clock of proof times, nonces and the step-up {@code max_age} rule (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Behind a TLS-terminating proxy: the header in which it forwards the client certificate, URL-encoded PEM
         * ({@code portcullis.mtls.certificate-header}; nginx {@code $ssl_client_escaped_cert}, Envoy
         * {@code x-forwarded-client-cert}); certificate-bound tokens (RFC 8705) are then checked against it instead
         * of the container's TLS connection. Null or blank (the default): the container's connection. The proxy must
         * set or remove the header on every request.
         */
        public Builder clientCertificateHeader(String header) {
            this.certificateHeader = header == null || header.isBlank() ? null : header.trim();
            return this;
        }

        /** The authenticator. */
        public BearerAuthenticator build() {
            return new BearerAuthenticator(this);
        }
    }
}
