package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeysUnavailableException;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerificationKey;

import java.time.Clock;

/**
 * Key and signature (README "What is checked", step 4): the issuer's keys that fit the token's
 * {@code kid} and algorithm; when none fits, one refetch (the key source shares it among concurrent
 * callers and spaces refetches by the minimum interval); then the signature, with
 * {@link java.security.Signature} over the token's own signing input ({@link JwsVerifier}). A
 * {@code kid} still unknown during the refetch cooldown may be newer than the keys: then
 * {@link UnfetchedKeyRule} answers 503 instead of {@code UNKNOWN_KEY}. Stateless.
 */
final class KeyStage {
    private final Clock clock;
    private final long skewSeconds;

    KeyStage(Clock clock, long skewSeconds) {
        this.clock = clock;
        this.skewSeconds = skewSeconds;
    }

    /**
     * The key of {@code tenant} that verifies the signature of {@code parts}, as a
     * {@link VerificationKey}; else the answer, as a {@link ValidationResult}: {@code KEYS_UNAVAILABLE}
     * (a server fault) when the keys cannot be had, {@code UNKNOWN_KEY} when no key fits even after the
     * refetch ({@code KEY_NOT_YET_FETCHED}, a server fault, when the key may have been published
     * after the keys were fetched), {@code BAD_SIGNATURE} when none of those that fit verifies. (One of two types rather
     * than a holder object: nothing is allocated for a token that verifies.)
     */
    Object verify(Tenant tenant, TokenParts parts, String algorithm, String kid, JsonObject claims) {
        KeySet keys;
        long refetchAskedAt = Long.MAX_VALUE;
        try {
            keys = tenant.keys().keys();
            if (fitting(keys, kid, algorithm) == 0) {
                refetchAskedAt = clock.millis();
                keys = tenant.keys().refresh(keys);
            }
        } catch (KeysUnavailableException e) {
            tenant.counted(FailureReason.KEYS_UNAVAILABLE);
            return new ValidationResult.Unavailable(
                    ValidationFailure.of(FailureReason.KEYS_UNAVAILABLE, e.getMessage()), e.retryAfter());
        }
        VerificationKey verifiedWith = null;
        int tried = 0;
        for (VerificationKey key : keys.candidates(kid)) {
            if (fits(key, algorithm)) {
                tried++;
                if (JwsVerifier.verify(
                        algorithm, key.publicKey(), parts.bytes(), parts.secondDot(), parts.signature())) {
                    verifiedWith = key;
                    break;
                }
            }
        }
        if (tried == 0) {
            ValidationResult deferred =
                    UnfetchedKeyRule.deferral(tenant.keys(), keys, kid, claims, refetchAskedAt, clock, skewSeconds);
            if (deferred != null) {
                tenant.counted(FailureReason.KEY_NOT_YET_FETCHED);
                return deferred;
            }
            return tenant.refuse(
                    FailureReason.UNKNOWN_KEY,
                    kid == null
                            ? "no " + algorithm + " key of issuer "
                                    + tenant.policy().name()
                            : "kid " + Safe.describe(kid) + " is not published by issuer "
                                    + tenant.policy().name());
        }
        if (verifiedWith == null) {
            return tenant.refuse(
                    FailureReason.BAD_SIGNATURE, "signature does not verify with " + tried + " candidate key(s)");
        }
        return verifiedWith;
    }

    /** How many keys of {@code keys} a token naming {@code kid} and {@code algorithm} may be verified with. */
    private static int fitting(KeySet keys, String kid, String algorithm) {
        int n = 0;
        for (VerificationKey key : keys.candidates(kid)) {
            if (fits(key, algorithm)) {
                n++;
            }
        }
        return n;
    }

    private static boolean fits(VerificationKey key, String algorithm) {
        return (key.algorithm() == null || key.algorithm().equals(algorithm))
                && Algorithms.fits(algorithm, key.publicKey());
    }
}
