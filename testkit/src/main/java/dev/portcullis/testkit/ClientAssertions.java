package dev.portcullis.testkit;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Verifies RFC 7523 {@code private_key_jwt} client assertions for the {@link IntrospectionEndpoint}. */
final class ClientAssertions {
    private static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private ClientAssertions() {}

    /**
     * The client id the assertion authenticates, or null: the right type, signed with the key registered for its
     * {@code iss}, {@code sub} = {@code iss}, {@code aud} the issuer or the endpoint, unexpired by {@code clock},
     * a {@code jti} never seen ({@code firstUse} records it).
     */
    static String verify(
            Map<String, String> form,
            String issuer,
            URI endpoint,
            Clock clock,
            Function<String, PublicKey> keys,
            Predicate<String> firstUse) {
        if (!TYPE.equals(form.get("client_assertion_type"))) {
            return null;
        }
        String assertion = form.get("client_assertion");
        try {
            JwtContext unverified = new JwtConsumerBuilder()
                    .setSkipAllValidators()
                    .setDisableRequireSignature()
                    .setSkipSignatureVerification()
                    .build()
                    .process(assertion);
            String clientId = unverified.getJwtClaims().getIssuer();
            PublicKey key = clientId == null ? null : keys.apply(clientId);
            if (key == null
                    || (form.get("client_id") != null && !form.get("client_id").equals(clientId))) {
                return null;
            }
            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setVerificationKey(key)
                    .setJwsAlgorithmConstraints(
                            AlgorithmConstraints.ConstraintType.PERMIT,
                            "RS256",
                            "RS384",
                            "RS512",
                            "PS256",
                            "ES256",
                            "ES384",
                            "ES512")
                    .setExpectedIssuer(clientId)
                    .setExpectedSubject(clientId)
                    .setExpectedAudience(issuer, endpoint.toString())
                    .setRequireExpirationTime()
                    .setRequireJwtId()
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    .build();
            JwtClaims claims = consumer.processToClaims(assertion);
            return firstUse.test(claims.getJwtId()) ? clientId : null;
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
            return null;
        }
    }

    /** The form parameters of a request body (first 64 KiB), first value of each name. */
    static Map<String, String> form(InputStream body) throws IOException {
        String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        Map<String, String> form = new HashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
