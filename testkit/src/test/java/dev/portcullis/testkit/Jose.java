package dev.portcullis.testkit;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** jose4j-based checks of the tokens and keys the testkit produces. */
final class Jose {

    private Jose() {}

    /** Verifies the token's signature with the given public JWK (no algorithm or key-size restrictions). */
    static boolean verifies(String token, String publicJwk) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setDoKeyValidation(false);
            jws.setCompactSerialization(token);
            jws.setKnownCriticalHeaders("exp-test");
            jws.setKey(PublicJsonWebKey.Factory.newPublicJwk(publicJwk).getKey());
            return jws.verifySignature();
        } catch (JoseException e) {
            throw new AssertionError("cannot verify " + token, e);
        }
    }

    /** The decoded text of part 0 (header), 1 (payload) or 2 (signature, as ISO-8859-1) of a compact token. */
    static String part(String token, int index) {
        String[] parts = token.split("\\.", -1);
        byte[] bytes = Base64.getUrlDecoder().decode(parts[index]);
        return new String(bytes, index == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    static Map<String, Object> header(String token) {
        return Http.json(part(token, 0));
    }

    static Map<String, Object> claims(String token) {
        return Http.json(part(token, 1));
    }

    /** The JWKs of a JWKS document. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> keys(String jwksJson) {
        return (List<Map<String, Object>>) Http.json(jwksJson).get("keys");
    }

    static List<Object> kids(String jwksJson) {
        return keys(jwksJson).stream().map(key -> key.get("kid")).toList();
    }
}
