package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.dpop.DpopConfig;
import dev.portcullis.core.dpop.DpopMode;
import dev.portcullis.core.dpop.DpopResult;
import dev.portcullis.core.dpop.DpopVerifier;

/**
 * The DPoP stage of the request path (RFC 9449 §7): which policy applies (the path's or resource's,
 * else the token issuer's, else the global one), whether the scheme the client used is accepted, no
 * downgrade of a bound token to Bearer, and for the {@code DPoP} scheme the proof, checked on every
 * request (the verified-token cache may keep the token; the proof, {@code ath} and {@code cnf.jkt}
 * are checked each time). Immutable and thread-safe.
 */
final class DpopStage {
    /** The proof header (RFC 9449 §4.1). */
    static final String PROOF_HEADER = "DPoP";
    /** The nonce header (RFC 9449 §8). */
    static final String NONCE_HEADER = "DPoP-Nonce";

    private final DpopConfig config;
    private final DpopVerifier verifier;
    private final TrustedProxy proxy;

    /**
     * What the stage says of a valid token.
     *
     * @param failure why the request is refused, or null if it may go on
     * @param retryAfterSeconds the {@code Retry-After} of a server fault
     * @param nonce a {@code DPoP-Nonce} to send, or null
     */
    record Verdict(ValidationFailure failure, long retryAfterSeconds, String nonce) {
        /** A Bearer request that may go on: the common case, without an allocation. */
        static final Verdict PASS = new Verdict(null, 0, null);
    }

    DpopStage(DpopConfig config, DpopVerifier verifier) {
        this.config = config;
        this.verifier = verifier;
        this.proxy = config.proxy();
    }

    DpopConfig config() {
        return config;
    }

    /** The policy for a request needing {@code need} with a token of {@code issuer} (null if not known yet). */
    DpopMode mode(AccessRequirement need, String issuer) {
        return need.dpopMode() != null ? need.dpopMode() : config.modeFor(issuer);
    }

    /** The schemes a refusal offers under that policy. */
    Challenges.Offer offer(AccessRequirement need, String issuer, boolean usedDpop) {
        DpopMode mode = mode(need, issuer);
        return Challenges.Offer.of(mode != DpopMode.REQUIRED, mode != DpopMode.OFF, usedDpop && mode != DpopMode.OFF);
    }

    /** A fresh nonce to send with a refusal, when nonces are on; else null. */
    String nonce() {
        return verifier.nonce().orElse(null);
    }

    /** Checks a request whose token validated. */
    Verdict check(boolean usedDpop, VerifiedToken token, String raw, HttpRequestView request, AccessRequirement need) {
        DpopMode mode = mode(need, token.issuer());
        if (!usedDpop) {
            if (DpopVerifier.boundKey(token).isPresent()) {
                return refused(FailureReason.BOUND_TOKEN_AS_BEARER, "cnf.jkt present, presented as Bearer", null);
            }
            if (mode == DpopMode.REQUIRED) {
                return refused(FailureReason.DPOP_REQUIRED, "Bearer presented where DPoP is required", nonce());
            }
            return Verdict.PASS;
        }
        if (mode == DpopMode.OFF) {
            return refused(FailureReason.MISSING_TOKEN, "the DPoP scheme is off here", null);
        }
        String uri = proxy.effectiveRequestUri(request);
        DpopResult result = verifier.verify(request.method(), uri, request.headers(PROOF_HEADER), raw, token);
        if (result instanceof DpopResult.Refused refused) {
            return new Verdict(
                    refused.failure(),
                    refused.retryAfterSeconds(),
                    refused.nonce().orElse(null));
        }
        return new Verdict(null, 0, ((DpopResult.Accepted) result).nextNonce().orElse(null));
    }

    private static Verdict refused(FailureReason reason, String detail, String nonce) {
        return new Verdict(ValidationFailure.of(reason, detail), 0, nonce);
    }
}
