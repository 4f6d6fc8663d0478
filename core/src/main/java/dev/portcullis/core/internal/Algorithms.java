package dev.portcullis.core.internal;

import org.jose4j.keys.EllipticCurves;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/** The signature algorithms a resource server may accept, and which keys fit them. */
final class Algorithms {
    /** Every asymmetric JWS algorithm we verify. HMAC and {@code none} are never accepted. */
    public static final Set<String> SUPPORTED =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private Algorithms() {}

    /** Why {@code alg} can never be configured, or null if it can. */
    public static String whyNotConfigurable(String alg) {
        if (SUPPORTED.contains(alg)) {
            return null;
        }
        if (alg.regionMatches(true, 0, "HS", 0, 2)) {
            return "HMAC needs a shared secret, and a resource server verifies with the issuer's public keys";
        }
        if (alg.equalsIgnoreCase("none")) {
            return "unsigned tokens are never accepted";
        }
        return "supported algorithms are " + String.join(", ", new java.util.TreeSet<>(SUPPORTED));
    }

    /** True if {@code key} is of the type and size {@code alg} needs. */
    public static boolean fits(String alg, PublicKey key) {
        switch (alg) {
            case "RS256":
            case "RS384":
            case "RS512":
            case "PS256":
            case "PS384":
            case "PS512":
                return key instanceof RSAPublicKey;
            case "ES256":
                return key instanceof ECPublicKey ec && curveBits(ec) == 256;
            case "ES384":
                return key instanceof ECPublicKey ec && curveBits(ec) == 384;
            case "ES512":
                return key instanceof ECPublicKey ec && curveBits(ec) == 521;
            case "EdDSA":
                String a = key.getAlgorithm();
                return "EdDSA".equals(a) || "Ed25519".equals(a) || "Ed448".equals(a);
            default:
                return false;
        }
    }

    /** The size of a NIST curve key (256 for P-256, 384, 521), or 0 for any other curve. */
    static int curveBits(ECPublicKey key) {
        String name = EllipticCurves.getName(key.getParams().getCurve());
        if (EllipticCurves.P_256.equals(name)) {
            return 256;
        }
        if (EllipticCurves.P_384.equals(name)) {
            return 384;
        }
        return EllipticCurves.P_521.equals(name) ? 521 : 0;
    }
}
