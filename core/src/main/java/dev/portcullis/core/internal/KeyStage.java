package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeysUnavailableException;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerificationKey;

import java.time.Clock;
import java.util.List;

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
        try {
            keys = tenant.keys().keys();
        } catch (KeysUnavailableException e) {
            return unavailable(tenant, e);
        }
        int found = firstVerifying(keys.candidates(kid), parts, algorithm);
        long refetchAskedAt = Long.MAX_VALUE;
        if (found == NONE_FITS) {
            // No key fits: one refetch, then the same once more.
            refetchAskedAt = clock.millis();
            try {
                keys = tenant.keys().refresh(keys);
            } catch (KeysUnavailableException e) {
                return unavailable(tenant, e);
            }
            found = firstVerifying(keys.candidates(kid), parts, algorithm);
        }
        if (found >= 0) {
            return keys.candidates(kid).get(found);
        }
        if (found == NONE_FITS) {
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
        return tenant.refuse(
                FailureReason.BAD_SIGNATURE,
                "signature does not verify with " + fitting(keys, kid, algorithm) + " candidate key(s)");
    }

    /** {@link #firstVerifying}'s answer when no candidate fits the algorithm (none was tried). */
    private static final int NONE_FITS = -1;
    /** {@link #firstVerifying}'s answer when keys fit but none verifies the signature. */
    private static final int NONE_VERIFIES = -2;

    /**
     * The index in {@code candidates} of the first key that fits {@code algorithm} and verifies the
     * signature of {@code parts}; else {@link #NONE_FITS} or {@link #NONE_VERIFIES}. (An index, not
     * the key and a count in a holder: nothing is allocated, not even an iterator.)
     */
    private static int firstVerifying(List<VerificationKey> candidates, TokenParts parts, String algorithm) {
        int answer = NONE_FITS;
        for (int i = 0; i < candidates.size(); i++) {
            VerificationKey key = candidates.get(i);
            if (fits(key, algorithm)) {
                if (JwsVerifier.verify(
                        algorithm, key.publicKey(), parts.bytes(), parts.secondDot(), parts.signature())) {
                    return i;
                }
                answer = NONE_VERIFIES;
            }
        }
        return answer;
    }

    private static ValidationResult unavailable(Tenant tenant, KeysUnavailableException e) {
        tenant.counted(FailureReason.KEYS_UNAVAILABLE);
        return new ValidationResult.Unavailable(
                ValidationFailure.of(FailureReason.KEYS_UNAVAILABLE, e.getMessage()), e.retryAfter());
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
