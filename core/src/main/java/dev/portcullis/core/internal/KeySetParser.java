package dev.portcullis.core.internal;

import dev.portcullis.core.VerificationKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Turns JWK Set / JWK / PEM text into usable verification keys, skipping unusable entries. */
final class KeySetParser {
    static final int MIN_RSA_BITS = 2048;
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private KeySetParser() {}

    /** The keys found and how many entries were ignored. */
    public record Parsed(List<VerificationKey> keys, int ignored) {}

    /**
     * Parses; throws IllegalArgumentException (with a safe message) if the text is not a key document.
     * JSON is read strictly ({@link JsonParser}); entries of a JWK Set that are JSON objects but not
     * usable keys are counted as ignored, never fatal to the others.
     */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty key document");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("-----BEGIN")) {
            return parsePem(trimmed);
        }
        // The token parser's strict JSON: unique member names at every level, at most 32 levels deep,
        // RFC 8259 numbers, well-formed Unicode. A document that is not such JSON is refused whole.
        Map<String, Object> json = JsonParser.parseObject(text);
        if (json == null) {
            throw new IllegalArgumentException("not a strict JSON object (JWK Set or JWK) nor a PEM public key");
        }
        Object keys = json.get("keys");
        if (keys == null && json.containsKey("kty")) {
            VerificationKey key = toKey(json);
            return key == null ? new Parsed(List.of(), 1) : new Parsed(List.of(key), 0);
        }
        if (!(keys instanceof List<?> list)) {
            throw new IllegalArgumentException("JWK Set without a \"keys\" array");
        }
        List<VerificationKey> usable = new ArrayList<>(list.size());
        int ignored = 0;
        for (Object entry : list) {
            VerificationKey key = entry instanceof Map<?, ?> map ? toKey(castMap(map)) : null;
            if (key == null) {
                ignored++;
            } else {
                usable.add(key);
            }
        }
        return new Parsed(usable, ignored);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** One JWK to a key, or null if it is unusable for signature verification. */
    static VerificationKey toKey(Map<String, Object> jwk) {
        Object kty = jwk.get("kty");
        if (!("RSA".equals(kty) || "EC".equals(kty) || "OKP".equals(kty))) {
            return null; // oct (symmetric) and unknown types are never used
        }
        Object use = jwk.get("use");
        if (use != null && !"sig".equals(use)) {
            return null;
        }
        Object kid = jwk.get("kid");
        Object alg = jwk.get("alg");
        if ((kid != null && !(kid instanceof String)) || (alg != null && !(alg instanceof String))) {
            return null;
        }
        Object keyOps = jwk.get("key_ops");
        if (keyOps instanceof List<?> ops && !ops.contains("verify")) {
            return null;
        }
        PublicKey publicKey;
        try {
            JsonWebKey parsed = JsonWebKey.Factory.newJwk(jwk);
            if (!(parsed instanceof PublicJsonWebKey pub)) {
                return null;
            }
            publicKey = pub.getPublicKey();
        } catch (JoseException | RuntimeException e) {
            return null;
        }
        if (!acceptable(publicKey)) {
            return null;
        }
        if (alg != null && !Algorithms.fits((String) alg, publicKey)) {
            return null; // the JWK's alg contradicts its own key type
        }
        return new VerificationKey((String) kid, (String) alg, publicKey);
    }

    static boolean acceptable(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            java.math.BigInteger e = rsa.getPublicExponent();
            // A real RSA key has an odd public exponent of at least 3; anything else is junk or hostile.
            return rsa.getModulus().bitLength() >= MIN_RSA_BITS
                    && e.testBit(0)
                    && e.compareTo(java.math.BigInteger.valueOf(3)) >= 0;
        }
        if (key instanceof ECPublicKey ec) {
            return Algorithms.curveBits(ec) > 0 && onCurve(ec);
        }
        return "EdDSA".equals(key.getAlgorithm())
                || "Ed25519".equals(key.getAlgorithm())
                || "Ed448".equals(key.getAlgorithm());
    }

    /** True if the key's point satisfies its curve's equation y^2 = x^3 + ax + b (mod p). */
    static boolean onCurve(ECPublicKey key) {
        java.security.spec.ECPoint w = key.getW();
        java.security.spec.EllipticCurve curve = key.getParams().getCurve();
        if (w == null
                || w.equals(java.security.spec.ECPoint.POINT_INFINITY)
                || !(curve.getField() instanceof java.security.spec.ECFieldFp field)) {
            return false;
        }
        java.math.BigInteger p = field.getP();
        java.math.BigInteger x = w.getAffineX();
        java.math.BigInteger y = w.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        java.math.BigInteger left = y.multiply(y).mod(p);
        java.math.BigInteger right =
                x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static Parsed parsePem(String text) {
        List<VerificationKey> keys = new ArrayList<>();
        int ignored = 0;
        int from = 0;
        while (true) {
            int begin = text.indexOf(PEM_BEGIN, from);
            if (begin < 0) {
                break;
            }
            int end = text.indexOf(PEM_END, begin + PEM_BEGIN.length());
            if (end < 0) {
                throw new IllegalArgumentException("PEM public key without an END line");
            }
            String body = text.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
            from = end + PEM_END.length();
            PublicKey key = decodeSpki(body);
            if (key == null || !acceptable(key)) {
                ignored++;
            } else {
                keys.add(new VerificationKey(null, null, key));
            }
        }
        if (keys.isEmpty() && ignored == 0) {
            throw new IllegalArgumentException("no PEM PUBLIC KEY block");
        }
        return new Parsed(keys, ignored);
    }

    private static PublicKey decodeSpki(String base64) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (String type : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception e) {
                // try the next type
            }
        }
        return null;
    }
}
