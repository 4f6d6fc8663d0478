package dev.portcullis.core.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Verifies a JWS signature with {@link Signature} on the raw signing input: the ASCII of
 * {@code header.payload}, straight from the token's bytes, and the decoded signature, without
 * parsing anything again.
 *
 * <ul>
 *   <li>RS256/384/512: {@code SHAxxxwithRSA} (PKCS #1 v1.5). PS256/384/512: {@code RSASSA-PSS}
 *       with the hash's MGF1 and a salt of the hash's length (RFC 7518 §3.5). The signature is as
 *       long as the modulus.</li>
 *   <li>ES256/384/512: {@code SHAxxxwithECDSAinP1363Format}, which takes JOSE's R||S. The length
 *       must be exactly twice the curve's size, and R and S must each lie in [1, n-1]: checked here
 *       too, so that a JDK without the CVE-2022-21449 fix still refuses "psychic" signatures.</li>
 *   <li>EdDSA: {@code Ed25519} or {@code Ed448}, by the key's curve; the signature must be exactly
 *       64 or 114 bytes (the JDK 17 verifier ignores trailing bytes, which would make tokens
 *       malleable).</li>
 * </ul>
 *
 * <p>Thread-safe. {@link Signature} objects are reused through a small lock-free pool per JCA
 * algorithm: a caller takes one from its slot (by thread id) or makes a new one, and puts it back if
 * the slot is free. No state outlives a call: after
 * {@code verify} an object is as {@code initVerify} left it (the contract of {@link Signature}),
 * ready for the same key, and {@code initVerify} runs again for another key; an object that threw
 * is dropped.
 */
final class JwsVerifier {
    private static final int SLOTS =
            Integer.highestOneBit(Math.max(4, Math.min(64, Runtime.getRuntime().availableProcessors() * 2 - 1))) * 2;

    private static final Scheme RS256 = new Scheme("SHA256withRSA", null);
    private static final Scheme RS384 = new Scheme("SHA384withRSA", null);
    private static final Scheme RS512 = new Scheme("SHA512withRSA", null);
    private static final Scheme PS256 = new Scheme(
            "RSASSA-PSS",
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC));
    private static final Scheme PS384 = new Scheme(
            "RSASSA-PSS",
            new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, PSSParameterSpec.TRAILER_FIELD_BC));
    private static final Scheme PS512 = new Scheme(
            "RSASSA-PSS",
            new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, PSSParameterSpec.TRAILER_FIELD_BC));
    private static final Scheme ES256 = new Scheme("SHA256withECDSAinP1363Format", null);
    private static final Scheme ES384 = new Scheme("SHA384withECDSAinP1363Format", null);
    private static final Scheme ES512 = new Scheme("SHA512withECDSAinP1363Format", null);
    // The JDK's EdDSA ignores bytes past the signature (JDK 17); RFC 8032 fixes the length.
    private static final Scheme ED25519 = new Scheme("Ed25519", null, 64);
    private static final Scheme ED448 = new Scheme("Ed448", null, 114);

    private JwsVerifier() {}

    /**
     * True if {@code signature} (decoded) verifies over the signing input {@code [0, inputEnd)} of
     * {@code token} with {@code key} under {@code alg}. False for every failure: wrong key type,
     * malformed signature, unknown algorithm.
     */
    static boolean verify(String alg, PublicKey key, byte[] token, int inputEnd, byte[] signature) {
        Scheme scheme = scheme(alg, key);
        if (scheme == null) {
            return false;
        }
        int slot = (int) Thread.currentThread().getId() & (SLOTS - 1);
        Verifier v = scheme.take(slot);
        if (v == null) {
            return false;
        }
        boolean reusable = false;
        try {
            int signatureLength = signature.length;
            if ((key instanceof ECPublicKey ec && !inRange(ec, signature, signatureLength))
                    || (key instanceof RSAPublicKey rsa
                            && signatureLength != (rsa.getModulus().bitLength() + 7) / 8)
                    || (scheme.length > 0 && signatureLength != scheme.length)) {
                reusable = true;
                return false;
            }
            if (v.key != key) {
                try {
                    v.signature().initVerify(key);
                } catch (InvalidKeyException e) {
                    // The pooled object's provider refuses this key; let provider selection try others.
                    v = scheme.fresh();
                    if (v == null) {
                        return false;
                    }
                    v.signature().initVerify(key);
                }
                v.key = key;
            }
            // verify() leaves the object as initVerify(key) did (Signature's contract), so the next
            // call with the same key needs no new initVerify; after an exception it is dropped.
            v.signature().update(token, 0, inputEnd);
            boolean verified = v.signature().verify(signature);
            reusable = true;
            return verified;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        } finally {
            if (reusable) {
                scheme.give(slot, v);
            }
        }
    }

    private static Scheme scheme(String alg, PublicKey key) {
        switch (alg) {
            case "RS256":
                return RS256;
            case "RS384":
                return RS384;
            case "RS512":
                return RS512;
            case "PS256":
                return PS256;
            case "PS384":
                return PS384;
            case "PS512":
                return PS512;
            case "ES256":
                return ES256;
            case "ES384":
                return ES384;
            case "ES512":
                return ES512;
            case "EdDSA":
                return key instanceof EdECPublicKey ed
                                && "Ed448".equalsIgnoreCase(ed.getParams().getName())
                        ? ED448
                        : ED25519;
            default:
                return null;
        }
    }

    /**
     * True if the P1363 signature is R||S of exactly twice the curve's size, with R and S in [1, n-1]
     * (SEC 1 §4.1.4 step 1).
     */
    static boolean inRange(ECPublicKey key, byte[] signature, int length) {
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        if (length != 2 * size) {
            return false;
        }
        BigInteger n = key.getParams().getOrder();
        BigInteger r = new BigInteger(1, signature, 0, size);
        BigInteger s = new BigInteger(1, signature, size, size);
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
    }

    /** One JCA algorithm (with its parameters) and its pool. */
    private static final class Scheme {
        private final String jca;
        private final AlgorithmParameterSpec parameters;
        /** The exact signature length, or 0 when it depends on the key. */
        private final int length;

        private final AtomicReferenceArray<Verifier> pool = new AtomicReferenceArray<>(SLOTS);

        Scheme(String jca, AlgorithmParameterSpec parameters) {
            this(jca, parameters, 0);
        }

        Scheme(String jca, AlgorithmParameterSpec parameters, int length) {
            this.jca = jca;
            this.parameters = parameters;
            this.length = length;
        }

        /** A verifier from the slot, else a new one; null if the platform lacks the algorithm. */
        Verifier take(int slot) {
            Verifier v = pool.getAndSet(slot, null);
            return v != null ? v : create();
        }

        void give(int slot, Verifier v) {
            pool.compareAndSet(slot, null, v);
        }

        /** A verifier with a new {@link Signature}. */
        Verifier fresh() {
            return create();
        }

        private Verifier create() {
            try {
                Signature signature = Signature.getInstance(jca);
                if (parameters != null) {
                    signature.setParameter(parameters);
                }
                return new Verifier(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return null;
            }
        }
    }

    /** A {@link Signature} and the key it was last initialized with; one user at a time. */
    private static final class Verifier {
        private final Signature engine;
        /** The key the engine was last initialized with, or null. */
        PublicKey key;

        Verifier(Signature engine) {
            this.engine = engine;
        }

        Signature signature() {
            return engine;
        }
    }
}
