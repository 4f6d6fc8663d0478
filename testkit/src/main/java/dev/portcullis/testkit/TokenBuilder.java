package dev.portcullis.testkit;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable builder of signed JWT access tokens, obtained from {@link LocalIdp#token()}. Every method returns a
 * new builder, so a partly configured builder can be reused as a template (and shared between threads).
 *
 * <p>Defaults: header {@code alg} and {@code kid} of the IdP's active key and {@code typ: JWT}; claims
 * {@code iss} = the IdP's issuer, {@code sub: alice}, {@code aud: orders-api}, {@code iat} = now,
 * {@code exp} = now + 5 minutes, a random {@code jti} and {@code scope: read:orders}. "Now" is read from the IdP's
 * clock when {@link LocalIdp#token()} is called. Passing {@code null} to any setter removes that claim or header.
 *
 * <pre>{@code
 * TokenBuilder clerk = idp.token().audience("orders-api").claim("groups", List.of("clerk"));
 * String reader = clerk.scope("read:orders").build();
 * String expired = clerk.expiresIn(Duration.ofMinutes(-5)).build();
 * String foreign = clerk.signedWith(TestKey.rsa("other")).build();   // a key the IdP does not publish
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TokenBuilder {

    private final TestKey key;
    private final Map<String, Object> header;
    private final Map<String, Object> claims;
    private final Instant now;

    private TokenBuilder(TestKey key, Map<String, Object> header, Map<String, Object> claims, Instant now) {
        this.key = key;
        this.header = Collections.unmodifiableMap(header);
        this.claims = Collections.unmodifiableMap(claims);
        this.now = now;
    }

    static TokenBuilder defaults(String issuer, TestKey key, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.algorithm());
        header.put("kid", key.kid());
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "alice");
        claims.put("aud", "orders-api");
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("scope", "read:orders");
        return new TokenBuilder(key, header, claims, now);
    }

    /**
     * Sets {@code sub}.
     *
     * @param subject the subject, or {@code null} to remove the claim
     * @return a new builder
     */
    public TokenBuilder subject(String subject) {
        return claim("sub", subject);
    }

    /**
     * Sets {@code aud}: one value is written as a JSON string, several as an array, none removes the claim.
     *
     * @param audiences the audiences
     * @return a new builder
     */
    public TokenBuilder audience(String... audiences) {
        if (audiences == null || audiences.length == 0) {
            return claim("aud", null);
        }
        for (String audience : audiences) {
            Objects.requireNonNull(audience, "audience");
        }
        return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
    }

    /**
     * Sets {@code scope}.
     *
     * @param scope space-separated scopes, or {@code null} to remove the claim
     * @return a new builder
     */
    public TokenBuilder scope(String scope) {
        return claim("scope", scope);
    }

    /**
     * Sets {@code iss}.
     *
     * @param issuer the issuer, or {@code null} to remove the claim
     * @return a new builder
     */
    public TokenBuilder issuer(String issuer) {
        return claim("iss", issuer);
    }

    /**
     * Sets {@code iat} (whole seconds).
     *
     * @param issuedAt the issue time, or {@code null} to remove the claim
     * @return a new builder
     */
    public TokenBuilder issuedAt(Instant issuedAt) {
        return claim("iat", issuedAt);
    }

    /**
     * Sets {@code exp} (whole seconds).
     *
     * @param expiresAt the expiry time, or {@code null} to remove the claim
     * @return a new builder
     */
    public TokenBuilder expiresAt(Instant expiresAt) {
        return claim("exp", expiresAt);
    }

    /**
     * Sets {@code nbf} (whole seconds).
     *
     * @param notBefore the not-before time, or {@code null} to remove the claim
     * @return a new builder
     */
    public TokenBuilder notBefore(Instant notBefore) {
        return claim("nbf", notBefore);
    }

    /**
     * Sets {@code exp} relative to the token's current {@code iat} (or to "now" if {@code iat} was removed); a
     * negative amount gives an already expired token.
     *
     * @param lifetime the token lifetime
     * @return a new builder
     */
    public TokenBuilder expiresIn(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        Object iat = claims.get("iat");
        Instant base = iat instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : now;
        return expiresAt(base.plus(lifetime));
    }

    /**
     * Sets any claim. Values may be String, Number, Boolean, List (or array), Map with String keys, nested freely,
     * or Instant (written as NumericDate seconds).
     *
     * @param name the claim name
     * @param value the value, or {@code null} to remove the claim
     * @return a new builder
     */
    public TokenBuilder claim(String name, Object value) {
        return new TokenBuilder(key, header, with(claims, name, value), now);
    }

    /**
     * Binds the token to a DPoP key (RFC 9449 §6.1): {@code cnf} = {@code {"jkt": thumbprint}}.
     *
     * @param keyThumbprint the RFC 7638 thumbprint of the client's key, e.g. {@link DpopProof#thumbprint()}
     * @return a new builder
     */
    public TokenBuilder boundTo(String keyThumbprint) {
        return claim("cnf", keyThumbprint == null ? null : Map.of("jkt", keyThumbprint));
    }

    /**
     * Sets any protected header parameter ({@code kid}, {@code typ}, {@code crit}, {@code jku}, {@code jwk}, even
     * {@code alg}); values as for {@link #claim(String, Object)}.
     *
     * @param name the header parameter name
     * @param value the value, or {@code null} to remove the parameter
     * @return a new builder
     */
    public TokenBuilder header(String name, Object value) {
        return new TokenBuilder(key, with(header, name, value), claims, now);
    }

    /**
     * Signs with the given key and sets the {@code alg} and {@code kid} headers from it (a later
     * {@link #header(String, Object)} call can still override them).
     *
     * @param signingKey the key to sign with
     * @return a new builder
     */
    public TokenBuilder signedWith(TestKey signingKey) {
        Objects.requireNonNull(signingKey, "signingKey");
        Map<String, Object> newHeader = with(header, "alg", signingKey.algorithm());
        newHeader.put("kid", signingKey.kid());
        return new TokenBuilder(signingKey, newHeader, claims, now);
    }

    /**
     * The protected header as JSON, exactly as it will be encoded by {@link #build()}.
     *
     * @return the header JSON
     */
    public String headerJson() {
        return Json.write(header);
    }

    /**
     * The claims as JSON, exactly as they will be encoded by {@link #build()}.
     *
     * @return the payload JSON
     */
    public String unsignedPayloadJson() {
        return Json.write(claims);
    }

    /**
     * Builds the compact JWS. The signature algorithm is taken from the {@code alg} header when the signing key can
     * produce it (for example RS384 or PS256 with an RSA key); jose4j's key-size and algorithm restrictions are off,
     * so weak keys sign too. Header {@code alg: none} gives an unsecured token with an empty signature. If
     * {@code alg} is missing, not a string, or not producible with the key (e.g. HS256 or ES256 with an RSA key),
     * the token is signed with the key's own algorithm under the header as given, i.e. it is deliberately
     * inconsistent.
     *
     * @return the compact serialisation {@code header.payload.signature}
     */
    public String build() {
        String payload = unsignedPayloadJson();
        Object alg = header.get("alg");
        try {
            if ("none".equals(alg)) {
                return Tokens.compact(headerJson(), payload, null);
            }
            if (alg instanceof String name && key.canSign(name)) {
                JsonWebSignature jws = new JsonWebSignature();
                header.forEach((parameter, value) -> jws.getHeaders().setObjectHeaderValue(parameter, value));
                jws.setPayload(payload);
                jws.setKey(key.privateKey());
                jws.setDoKeyValidation(false);
                jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
                return jws.getCompactSerialization();
            }
            String headerJson = headerJson();
            JsonWebSignatureAlgorithm algorithm = AlgorithmFactoryFactory.getInstance()
                    .getJwsAlgorithmFactory()
                    .getAlgorithm(key.algorithm());
            byte[] signature = algorithm.sign(
                    algorithm.prepareForSign(key.privateKey(), new ProviderContext()),
                    Tokens.signingInput(headerJson, payload).getBytes(StandardCharsets.US_ASCII));
            return Tokens.compact(headerJson, payload, signature);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign token with " + key, e);
        }
    }

    /** Shows header and claims; never key material. */
    @Override
    public String toString() {
        return "TokenBuilder[header=" + headerJson() + ", claims=" + unsignedPayloadJson() + "]";
    }

    private static Map<String, Object> with(Map<String, Object> source, String name, Object value) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> copy = new LinkedHashMap<>(source);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, Json.copyOf(value));
        }
        return copy;
    }
}
