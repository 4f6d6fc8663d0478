package dev.portcullis.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** JWKs, RFC 7638 thumbprints and JWS signatures with the JDK alone, for {@link DpopProof}. */
final class DpopKeys {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private DpopKeys() {}

    /** The public JWK of {@code key}: RSA, EC (P-256/384/521) or Ed25519/Ed448. */
    static Map<String, Object> publicJwk(PublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", unsigned(rsa.getModulus(), 0));
            jwk.put("e", unsigned(rsa.getPublicExponent(), 0));
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            int size = (bits + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put("crv", bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521");
            jwk.put("x", unsigned(ec.getW().getAffineX(), size));
            jwk.put("y", unsigned(ec.getW().getAffineY(), size));
        } else {
            byte[] spki = key.getEncoded(); // X.509: a fixed 12-byte prefix, then the raw key
            boolean ed448 = spki.length == 12 + 57;
            jwk.put("kty", "OKP");
            jwk.put("crv", ed448 ? "Ed448" : "Ed25519");
            jwk.put("x", BASE64URL.encodeToString(Arrays.copyOfRange(spki, 12, spki.length)));
        }
        return jwk;
    }

    /** The RFC 7638 SHA-256 thumbprint (base64url) of a public JWK. */
    static String thumbprint(Map<String, Object> jwk) {
        String kty = (String) jwk.get("kty");
        String json = switch (kty) {
            case "RSA" -> "{\"e\":\"" + jwk.get("e") + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.get("n") + "\"}";
            case "EC" ->
                "{\"crv\":\"" + jwk.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\""
                        + jwk.get("y") + "\"}";
            default -> "{\"crv\":\"" + jwk.get("crv") + "\",\"kty\":\"OKP\",\"x\":\"" + jwk.get("x") + "\"}";
        };
        return sha256(json.getBytes(StandardCharsets.UTF_8));
    }

    /** base64url(SHA-256(bytes)). */
    static String sha256(byte[] bytes) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWS signature of {@code input} under {@code alg} (RS/PS/ES 256/384/512, EdDSA). */
    static byte[] sign(String alg, PrivateKey key, byte[] input) {
        try {
            Signature s;
            switch (alg) {
                case "RS256", "RS384", "RS512" -> s = Signature.getInstance("SHA" + alg.substring(2) + "withRSA");
                case "ES256", "ES384", "ES512" ->
                    s = Signature.getInstance("SHA" + alg.substring(2) + "withECDSAinP1363Format");
                case "PS256", "PS384", "PS512" -> {
                    String hash = "SHA-" + alg.substring(2);
                    int bytes = Integer.parseInt(alg.substring(2)) / 8;
                    s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), bytes, 1));
                }
                case "EdDSA" ->
                    s = Signature.getInstance(
                            key instanceof java.security.interfaces.EdECPrivateKey ed
                                            && ed.getParams().getName().equalsIgnoreCase("Ed448")
                                    ? "Ed448"
                                    : "Ed25519");
                default -> throw new IllegalArgumentException("cannot sign with alg " + alg);
            }
            s.initSign(key);
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with alg " + alg + " and this key", e);
        }
    }

    private static String unsigned(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length < size) {
            byte[] padded = new byte[size];
            System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
            bytes = padded;
        }
        return BASE64URL.encodeToString(bytes);
    }
}
