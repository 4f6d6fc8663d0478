package dev.portcullis.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.VerificationKey;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.Set;

/**
 * Fuzzes {@link KeySet#parse(String)}, which reads what an identity provider (or an attacker in its
 * place) publishes: any text gives a key set or an {@link IllegalArgumentException} with a short,
 * printable message, nothing else; and every key it keeps is usable for verification (asymmetric,
 * RSA of at least 2048 bits, an {@code alg} that fits the key).
 *
 * <p>Input: the whole input, as UTF-8 text.
 */
class KeySetParseFuzzTest {
    private static final Set<String> RSA_ALGS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    private static final Set<String> EC_ALGS = Set.of("ES256", "ES384", "ES512");

    @FuzzTest
    void anyTextGivesKeysOrIllegalArgument(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        KeySet keys;
        try {
            keys = KeySet.parse(text);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message == null || message.isEmpty() || message.length() > 200) {
                throw new AssertionError(
                        "refusal without a short message: " + (message == null ? null : message.length()), e);
            }
            for (int i = 0; i < message.length(); i++) {
                char c = message.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new AssertionError("non-printable character " + (int) c + " in the message", e);
                }
            }
            return;
        }
        if (keys == null || keys.ignoredEntries() < 0) {
            throw new AssertionError("no key set or a negative count of ignored entries");
        }
        for (VerificationKey key : keys.keys()) {
            checkUsable(key);
        }
        for (String kid : keys.keyIds()) {
            if (keys.candidates(kid).isEmpty()) {
                throw new AssertionError("a listed kid has no key");
            }
        }
        if (keys.toString() == null) { // must not throw either
            throw new AssertionError("no description of the key set");
        }
    }

    /** y^2 = x^3 + ax + b (mod p), with both coordinates in [0, p). */
    private static boolean onCurve(ECPublicKey key) {
        ECPoint w = key.getW();
        EllipticCurve curve = key.getParams().getCurve();
        if (w.equals(ECPoint.POINT_INFINITY) || !(curve.getField() instanceof ECFieldFp field)) {
            return false;
        }
        BigInteger p = field.getP();
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right =
                x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return y.modPow(BigInteger.TWO, p).equals(right);
    }

    private static void checkUsable(VerificationKey key) {
        PublicKey pk = key.publicKey();
        String alg = key.algorithm();
        if (pk instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new AssertionError(
                        "kept an RSA key of " + rsa.getModulus().bitLength() + " bits");
            }
            if (alg != null && !RSA_ALGS.contains(alg)) {
                throw new AssertionError("kept an RSA key for alg " + alg);
            }
            BigInteger e = rsa.getPublicExponent();
            if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
                throw new AssertionError("kept an RSA key with public exponent " + e + " (not an RSA key)");
            }
        } else if (pk instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384 && bits != 521) {
                throw new AssertionError("kept an EC key on a " + bits + "-bit curve");
            }
            if (alg != null && !EC_ALGS.contains(alg)) {
                throw new AssertionError("kept an EC key for alg " + alg);
            }
            if (!onCurve(ec)) {
                throw new AssertionError("kept an EC key whose point is not on its curve");
            }
        } else if (Set.of("EdDSA", "Ed25519", "Ed448").contains(pk.getAlgorithm())) {
            if (alg != null && !alg.equals("EdDSA")) {
                throw new AssertionError("kept an EdDSA key for alg " + alg);
            }
        } else {
            throw new AssertionError("kept a key of type " + pk.getAlgorithm());
        }
    }
}
