package dev.portcullis.core;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * One public key a token may be verified with, as published in a JWK Set.
 *
 * @param keyId the {@code kid}; null when the key has none (it then matches any token)
 * @param algorithm the JWK's {@code alg}; null when unspecified (any algorithm of its key type)
 * @param publicKey the key
 * @since 0.1.0
 */
public record VerificationKey(String keyId, String algorithm, PublicKey publicKey) {
    /** Checks for null. */
    public VerificationKey {
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** The {@code kid}, if any. */
    public Optional<String> kid() {
        return Optional.ofNullable(keyId);
    }
}
