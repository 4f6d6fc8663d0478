package dev.portcullis.core.fuzz;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The fixed key pairs of the fuzz tests (checked in under {@code fuzz/keys}, test-only material), so
 * that a finding reproduces byte for byte and seeds may carry tokens that really verify. The
 * validator under test trusts their public halves as a static JWK Set: no network.
 */
@SuppressWarnings("ImmutableEnumChecker") // JCA keys are not annotated @Immutable, but nothing changes them
enum FuzzKeys {
    RSA("rsa-1", "RS256", "RSA", "SHA256withRSA", "rsa-2048"),
    EC("ec-1", "ES256", "EC", "SHA256withECDSAinP1363Format", "ec-p256"),
    ED25519("ed-1", "EdDSA", "Ed25519", "Ed25519", "ed25519");

    private final String kid;
    private final String alg;
    private final String jcaSignature;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    FuzzKeys(String kid, String alg, String keyAlgorithm, String jcaSignature, String file) {
        this.kid = kid;
        this.alg = alg;
        this.jcaSignature = jcaSignature;
        try {
            KeyFactory factory = KeyFactory.getInstance(keyAlgorithm);
            this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pem(file + ".pkcs8.pem")));
            this.publicKey = factory.generatePublic(new X509EncodedKeySpec(pem(file + ".spki.pem")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load fuzz key " + file, e);
        }
    }

    String kid() {
        return kid;
    }

    String alg() {
        return alg;
    }

    /** The JWS signature of {@code signingInput} (ASCII), in JOSE form (R||S for ECDSA). */
    byte[] sign(String signingInput) {
        try {
            Signature s = Signature.getInstance(jcaSignature);
            s.initSign(privateKey);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public halves of all keys as one JWK Set, {@code use} = {@code sig}, {@code alg} set. */
    static String jwks() {
        StringBuilder b = new StringBuilder("{\"keys\":[");
        for (FuzzKeys k : values()) {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(k.publicKey);
                jwk.setKeyId(k.kid);
                jwk.setUse("sig");
                jwk.setAlgorithm(k.alg);
                b.append(k.ordinal() == 0 ? "" : ",").append(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.append("]}").toString();
    }

    /** The algorithms the validator under test accepts. */
    static List<String> algorithms() {
        return List.of(RSA.alg, EC.alg, ED25519.alg);
    }

    private static byte[] pem(String name) {
        try (InputStream in = FuzzKeys.class.getResourceAsStream("keys/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource keys/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
