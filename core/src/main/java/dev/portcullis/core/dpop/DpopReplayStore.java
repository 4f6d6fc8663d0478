package dev.portcullis.core.dpop;

import java.time.Instant;

/**
 * Remembers the DPoP proofs (RFC 9449 §11.1) a resource server has accepted, so that each proof is accepted once.
 * Implementations are thread-safe and never throw: a store that cannot answer says {@link Verdict#UNAVAILABLE}.
 */
public interface DpopReplayStore {
    /** What the store says of one proof. */
    enum Verdict {
        /** First use of this proof: accept it. */
        FIRST_USE,
        /** Seen before within its window: refuse it. */
        REPLAYED,
        /** Older than what the store can still vouch for: refuse it, the client should send a fresh proof. */
        TOO_OLD,
        /** The store cannot answer now: fail closed (503). */
        UNAVAILABLE
    }

    /**
     * Records the use of a proof.
     *
     * @param keyThumbprint the RFC 7638 SHA-256 thumbprint of the proof's key (base64url)
     * @param jti the proof's {@code jti}
     * @param issuedAt the proof's {@code iat}
     * @param expiresAt when the proof stops being acceptable anyway (its {@code iat} plus the window and leeway)
     * @return the verdict
     */
    Verdict use(String keyThumbprint, String jti, Instant issuedAt, Instant expiresAt);
}
