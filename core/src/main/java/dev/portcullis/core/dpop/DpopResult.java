package dev.portcullis.core.dpop;

import dev.portcullis.core.ValidationFailure;

import java.util.Objects;
import java.util.Optional;

/** What {@link DpopVerifier#verify} says of one request's proof. */
public sealed interface DpopResult {
    /**
     * The proof is valid, fresh, first used, and the token is bound to its key.
     *
     * @param keyThumbprint the RFC 7638 thumbprint of the proof's key (the token's {@code cnf.jkt})
     * @param nextNonce a {@code DPoP-Nonce} to send with the answer, when a newer nonce is due
     */
    record Accepted(String keyThumbprint, Optional<String> nextNonce) implements DpopResult {
        /** Checks. */
        public Accepted {
            Objects.requireNonNull(keyThumbprint, "keyThumbprint");
            Objects.requireNonNull(nextNonce, "nextNonce");
        }
    }

    /**
     * The request is refused.
     *
     * @param failure why; its reason is one of the DPoP reasons of {@link dev.portcullis.core.FailureReason}
     * @param nonce a fresh {@code DPoP-Nonce} to send with the answer (always for {@code use_dpop_nonce})
     * @param retryAfterSeconds for a server fault, the {@code Retry-After} to send; otherwise 0
     */
    record Refused(ValidationFailure failure, Optional<String> nonce, long retryAfterSeconds) implements DpopResult {
        /** Checks. */
        public Refused {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(nonce, "nonce");
        }
    }
}
