package dev.portcullis.testkit;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the {@link IntrospectionEndpoint} reads from JWTs and how it signs RFC 9701 answers. */
final class IntrospectionAnswers {
    private IntrospectionAnswers() {}

    /** The claims of a JWT signed with one of this provider's keys, else null. */
    static Map<String, Object> verifiedClaims(String token, Set<TestKey> keys, String issuer) {
        for (TestKey key : keys) {
            try {
                JsonWebSignature jws = new JsonWebSignature();
                jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
                jws.setCompactSerialization(token);
                jws.setKey(key.publicKey());
                if (jws.verifySignature()) {
                    Map<String, Object> claims = Reply.parse(jws.getPayload());
                    return issuer.equals(claims.get("iss")) ? claims : null;
                }
            } catch (JoseException | IllegalStateException e) {
                // not signed with this key, or not a JWS at all
            }
        }
        return null;
    }

    /** An RFC 9701 answer signed with {@code key}. */
    static String signed(Map<String, Object> answer, String client, String issuer, Clock clock, TestKey key) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", client);
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("token_introspection", answer);
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(key.algorithm());
            jws.setKeyIdHeaderValue(key.kid());
            jws.setHeader("typ", "token-introspection+jwt");
            jws.setPayload(Json.write(claims));
            jws.setKey(key.privateKey());
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the introspection answer", e);
        }
    }
}
