package dev.portcullis.benchmarks;

import dev.portcullis.testkit.TestKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A pool of distinct, Keycloak-like access tokens (about 1.2 KB each: jti, sub, sid, realm and
 * client roles, names, e-mail, scopes), all signed by one key, with their signing inputs and raw
 * signatures pre-decoded for the raw-verify floor.
 */
final class TokenPool {
    static final String ISSUER = "https://idp.example.com/realms/shop";
    static final String AUDIENCE = "orders-api";
    static final String SCOPE = "read:orders";

    final TestKey key;
    /** The JCA name of the key's JWS algorithm: RS256 or ES256 (signatures in the JWS, P1363, format). */
    final String jcaAlgorithm;

    final String[] tokens;
    final byte[][] signingInputs;
    final byte[][] signatures;

    TokenPool(TestKey key, int size) {
        this.key = key;
        this.jcaAlgorithm = key.algorithm().equals("ES256") ? "SHA256withECDSAinP1363Format" : "SHA256withRSA";
        this.tokens = new String[size];
        this.signingInputs = new byte[size][];
        this.signatures = new byte[size][];
        Instant now = Instant.now();
        for (int i = 0; i < size; i++) {
            // Issued over the last ten minutes, a second apart, as live traffic's tokens are: no two
            // neighbours share exp and iat.
            Instant issued = now.minusSeconds(i % 600);
            String token = sign(
                    key,
                    claims(i, issued, ISSUER, AUDIENCE, "openid profile email " + SCOPE, issued.plusSeconds(3600)));
            tokens[i] = token;
            int lastDot = token.lastIndexOf('.');
            signingInputs[i] = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        }
    }

    /**
     * The raw-verify floor for pool token {@code i}: {@code java.security.Signature.verify} on the
     * pre-decoded signing input and signature, key in hand (a new {@code Signature} each call).
     */
    boolean rawVerify(int i) throws GeneralSecurityException {
        Signature s = Signature.getInstance(jcaAlgorithm);
        s.initVerify(key.publicKey());
        s.update(signingInputs[i]);
        return s.verify(signatures[i]);
    }

    /** Tokens each validator must refuse: bad signature, wrong issuer, wrong audience, expired, missing scope. */
    Map<String, String> refusals() {
        Instant now = Instant.now();
        Map<String, String> bad = new LinkedHashMap<>();
        String good = tokens[0];
        String otherPayload = sign(key, claims(1, now, ISSUER, AUDIENCE, "openid " + SCOPE, now.plusSeconds(3600)));
        bad.put(
                "bad signature",
                good.substring(0, good.indexOf('.') + 1)
                        + otherPayload.substring(otherPayload.indexOf('.') + 1, otherPayload.lastIndexOf('.'))
                        + good.substring(good.lastIndexOf('.')));
        bad.put(
                "wrong issuer",
                sign(key, claims(2, now, "https://evil.example/realms/shop", AUDIENCE, SCOPE, now.plusSeconds(3600))));
        bad.put("wrong audience", sign(key, claims(3, now, ISSUER, "billing-api", SCOPE, now.plusSeconds(3600))));
        bad.put(
                "expired",
                sign(key, claims(4, now.minusSeconds(7200), ISSUER, AUDIENCE, SCOPE, now.minusSeconds(3600))));
        bad.put("missing scope", sign(key, claims(5, now, ISSUER, AUDIENCE, "openid profile", now.plusSeconds(3600))));
        return bad;
    }

    private static Map<String, Object> claims(int i, Instant now, String iss, String aud, String scope, Instant exp) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", exp.getEpochSecond());
        c.put("iat", now.getEpochSecond());
        c.put("jti", "onrtac:" + UUID.randomUUID());
        c.put("iss", iss);
        c.put("aud", List.of(aud, "account"));
        c.put(
                "sub",
                UUID.nameUUIDFromBytes(("user-" + i).getBytes(StandardCharsets.UTF_8))
                        .toString());
        c.put("typ", "Bearer");
        c.put("azp", "orders-client");
        c.put("sid", UUID.randomUUID().toString());
        c.put("acr", "1");
        c.put("allowed-origins", List.of("https://shop.example.com"));
        c.put(
                "realm_access",
                Map.of("roles", List.of("offline_access", "uma_authorization", "default-roles-shop", "clerk")));
        c.put(
                "resource_access",
                Map.of("account", Map.of("roles", List.of("manage-account", "manage-account-links", "view-profile"))));
        c.put("scope", scope);
        c.put("email_verified", Boolean.TRUE);
        c.put("name", "User Number " + i);
        c.put("preferred_username", "user" + i);
        c.put("given_name", "User");
        c.put("family_name", "Number " + i);
        c.put("email", "user" + i + "@shop.example.com");
        return c;
    }

    private static String sign(TestKey key, Map<String, Object> claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(key.algorithm());
            jws.setKeyIdHeaderValue(key.kid());
            jws.getHeaders().setObjectHeaderValue("typ", "JWT");
            jws.setPayload(org.jose4j.json.JsonUtil.toJson(claims));
            jws.setKey(key.privateKey());
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
