package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.dpop.DpopConfig;
import dev.portcullis.core.dpop.DpopReplayStore;
import dev.portcullis.core.dpop.DpopResult;
import dev.portcullis.core.dpop.DpopVerifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link DpopVerifier}: the proof's JWS ({@link DpopProofJws}), then its claims ({@code jti},
 * {@code htm}, {@code htu}, {@code iat}, {@code ath}), the nonce, the token's binding, and last the
 * replay store, so that only proofs that passed everything else take room in it.
 */
final class DefaultDpopVerifier implements DpopVerifier {
    /** The longest {@code jti} accepted: ample for a UUID or 256 random bits, bounded for the replay store. */
    static final int MAX_JTI_LENGTH = 256;

    private final DpopConfig config;
    private final DpopReplayStore store;
    private final Clock clock;
    private final DpopNonces nonces;
    private final DpopProofKeys keys = new DpopProofKeys();

    DefaultDpopVerifier(DpopConfig config, DpopReplayStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.nonces = config.nonce() ? new DpopNonces(clock, config.nonceStep()) : null;
    }

    @Override
    public DpopConfig config() {
        return config;
    }

    @Override
    public Optional<String> nonce() {
        return nonces == null ? Optional.empty() : Optional.of(nonces.current());
    }

    @Override
    public DpopResult verify(
            String method, String requestUri, List<String> proofHeaders, String accessToken, VerifiedToken token) {
        try {
            return check(method, requestUri, proofHeaders, accessToken, token);
        } catch (RuntimeException e) {
            // Neither the exception's class nor its message (it might quote the proof) reaches the log.
            return refuse(FailureReason.INVALID_DPOP_PROOF, "the proof could not be checked (unexpected failure)");
        }
    }

    private DpopResult check(
            String method, String requestUri, List<String> proofHeaders, String accessToken, VerifiedToken token) {
        if (proofHeaders == null || proofHeaders.isEmpty()) {
            return refuse(FailureReason.INVALID_DPOP_PROOF, "no DPoP header");
        }
        if (proofHeaders.size() > 1) {
            return refuse(FailureReason.INVALID_DPOP_PROOF, proofHeaders.size() + " DPoP headers instead of one");
        }
        String proof = proofHeaders.get(0) == null ? "" : proofHeaders.get(0).strip();
        if (proof.length() > config.maxProofLength()) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    "proof of " + proof.length() + " characters, more than " + config.maxProofLength());
        }
        if (proof.isEmpty() || proof.indexOf(',') >= 0) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    proof.isEmpty() ? "empty DPoP header" : "the DPoP header holds more than one value");
        }
        DpopProofJws jws = DpopProofJws.check(proof, config.algorithms(), keys);
        if (jws.problem() != null) {
            return refuse(FailureReason.INVALID_DPOP_PROOF, jws.problem());
        }
        JsonObject claims = jws.claims();
        Object jti = claims.get("jti");
        if (!(jti instanceof String id) || id.isEmpty() || id.length() > MAX_JTI_LENGTH) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    "jti " + Safe.describe(jti) + " is not a string of 1 to " + MAX_JTI_LENGTH + " characters");
        }
        Object htm = claims.get("htm");
        if (!(htm instanceof String) || !htm.equals(method)) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    "htm " + Safe.describe(htm) + " is not the request's method " + Safe.describe(method));
        }
        String expectedUri = UriNormalizer.normalize(requestUri);
        if (expectedUri == null) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    "the request URI " + Safe.describe(requestUri) + " cannot be normalized");
        }
        Object htu = claims.get("htu");
        if (!(htu instanceof String u) || !expectedUri.equals(UriNormalizer.normalize(u))) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    "htu " + Safe.describe(htu) + " is not the request URI " + Safe.describe(expectedUri));
        }
        Object iat = claims.get("iat");
        if (!(iat instanceof Number n)) {
            return refuse(FailureReason.INVALID_DPOP_PROOF, "iat " + Safe.describe(iat) + " is not a number");
        }
        long issued = NumericDate.seconds(n);
        long now = clock.instant().getEpochSecond();
        if (issued < NumericDate.plus(now, -config.proofMaxAge().toSeconds())) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    "issued " + (now - issued) + " s ago (max age "
                            + config.proofMaxAge().toSeconds() + " s)");
        }
        if (issued > NumericDate.plus(now, config.clockSkew().toSeconds())) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    "issued " + (issued - now) + " s in the future (leeway "
                            + config.clockSkew().toSeconds() + " s)");
        }
        Object ath = claims.get("ath");
        String expectedAth = JwkThumbprint.of(accessToken.getBytes(StandardCharsets.US_ASCII));
        if (!(ath instanceof String a)
                || !MessageDigest.isEqual(
                        a.getBytes(StandardCharsets.US_ASCII), expectedAth.getBytes(StandardCharsets.US_ASCII))) {
            return refuse(
                    FailureReason.INVALID_DPOP_PROOF,
                    ath == null ? "no ath" : "ath is not the hash of the access token");
        }
        Object nonce = claims.get("nonce");
        if (nonces != null && !(nonce instanceof String s && nonces.accepts(s))) {
            return refuse(FailureReason.USE_DPOP_NONCE, nonce == null ? "no nonce" : "stale or unknown nonce");
        }
        Optional<String> bound = DpopVerifier.boundKey(token);
        if (bound.isEmpty() || !bound.get().equals(jws.thumbprint())) {
            return refuse(
                    FailureReason.DPOP_BINDING_MISMATCH,
                    bound.isEmpty()
                            ? "the access token has no cnf.jkt"
                            : "cnf.jkt is not the thumbprint of the proof's key");
        }
        return replay(jws.thumbprint(), id, issued, nonce);
    }

    private DpopResult replay(String thumbprint, String jti, long issued, Object nonce) {
        Instant issuedAt = NumericDate.instant(issued);
        Instant expiresAt = NumericDate.instant(NumericDate.plus(
                issued, config.proofMaxAge().toSeconds() + config.clockSkew().toSeconds()));
        Instant atLeast = clock.instant().plusSeconds(1);
        DpopReplayStore.Verdict verdict;
        try {
            verdict = store.use(thumbprint, jti, issuedAt, expiresAt.isBefore(atLeast) ? atLeast : expiresAt);
        } catch (RuntimeException e) {
            verdict = null; // the store broke its contract: fail closed
        }
        if (verdict == null || verdict == DpopReplayStore.Verdict.UNAVAILABLE) {
            return new DpopResult.Refused(
                    ValidationFailure.of(
                            FailureReason.DPOP_REPLAY_UNAVAILABLE,
                            verdict == null ? "the replay store failed" : "the replay store cannot answer"),
                    nonce(),
                    1);
        }
        switch (verdict) {
            case REPLAYED:
                return refuse(FailureReason.DPOP_PROOF_REPLAYED, "jti seen before within the proof window");
            case TOO_OLD:
                return refuse(FailureReason.INVALID_DPOP_PROOF, "older than the replay store can vouch for");
            default:
                String next = nonces == null ? null : nonces.nextDue(nonce instanceof String s ? s : null);
                return new DpopResult.Accepted(thumbprint, Optional.ofNullable(next));
        }
    }

    private DpopResult refuse(FailureReason reason, String detail) {
        return new DpopResult.Refused(ValidationFailure.of(reason, detail), nonce(), 0);
    }
}
