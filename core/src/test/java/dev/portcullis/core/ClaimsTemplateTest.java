package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator parses a token's claims against the claims of a token that validated before it (most
 * claims repeat byte for byte between an issuer's tokens). That must never change an answer: tokens
 * that differ from a good one by a few bytes, signed by the issuer, are judged in turn by one
 * validator, in shuffled orders, and each answer is the one a fresh validator gives.
 */
class ClaimsTemplateTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenSignedTokensDifferFromAGoodOneByAFewBytesThenEachIsJudgedAsIfItWereTheFirst() throws Exception {
        String header = f.token().headerJson();
        String good = f.token()
                .subject("alice")
                .scope("openid read:orders")
                .claim("jti", "j-1")
                .claim("realm_access", java.util.Map.of("roles", List.of("clerk", "buyer")))
                .unsignedPayloadJson();
        String exp = String.valueOf(Fixture.T0.getEpochSecond() + 300);
        assertThat(good)
                .contains("\"exp\":" + exp)
                .contains("\"aud\":\"orders-api\"")
                .contains("\"sub\":\"alice\"");
        List<String> payloads = new ArrayList<>();
        payloads.add(good);
        payloads.add(good.replace("\"sub\":\"alice\"", "\"sub\":\"bob\""));
        payloads.add(good.replace("\"jti\":\"j-1\"", "\"jti\":\"j-2\""));
        // A number that goes on where the template's ended: the same first bytes, another value.
        payloads.add(good.replace("\"exp\":" + exp, "\"exp\":" + exp + "e-3"));
        payloads.add(good.replace("\"exp\":" + exp, "\"exp\":" + exp + "0"));
        payloads.add(good.replace("\"exp\":" + exp, "\"exp\":" + exp + ".5"));
        payloads.add(good.replace("\"exp\":" + exp, "\"exp\":" + exp + " "));
        payloads.add(good.replace("\"exp\":" + exp, "\"exp\":" + exp + "x"));
        payloads.add(good.replace("\"aud\":\"orders-api\"", "\"aud\":\"orders-api2\""));
        payloads.add(good.replace("\"aud\":\"orders-api\"", "\"aud\" : \"billing-api\""));
        payloads.add(good.replace("\"aud\":\"orders-api\"", "\"aud\":[\"billing-api\",\"orders-api\"]"));
        payloads.add(good.replace("\"iss\":\"", "\"iss\":\"x"));
        payloads.add(good.replace("\"iss\":\"", "\"\\u0069ss\":\""));
        // Repeated names: as a plain copy, escaped, at the end.
        payloads.add(good.substring(0, good.length() - 1) + ",\"aud\":\"billing-api\"}");
        payloads.add(good.substring(0, good.length() - 1) + ",\"\\u0061ud\":\"orders-api\"}");
        payloads.add(good.substring(0, good.length() - 1) + ",\"sub\":\"alice\"}");
        payloads.add(good.substring(0, good.length() - 1) + ",\"extra\":null}");
        payloads.add(good.substring(0, good.length() - 1) + ",\"extra\":1}");
        payloads.add(good.substring(0, good.length() - 1));
        payloads.add(good.replace(
                "\"realm_access\":{\"roles\":[\"clerk\",\"buyer\"]}",
                "\"realm_access\":{\"roles\":[\"clerk\",\"buyer\"],\"roles\":[]}"));
        payloads.add(good.replace("\"scope\":\"openid read:orders\"", "\"scope\":\"openid\""));

        TestKey key = f.idp.activeKey();
        List<String> tokens = new ArrayList<>();
        for (String payload : payloads) {
            tokens.add(sign(header, payload, key));
        }
        ValidatorConfig config =
                f.config().requiredScopes("read:orders").cacheMaxEntries(0).build();
        List<String> expected = new ArrayList<>();
        for (String token : tokens) {
            try (TokenValidator fresh =
                    TokenValidator.builder(config).clock(f.clock).build()) {
                expected.add(describe(fresh.validate(token)));
            }
        }
        assertThat(expected)
                .contains("valid")
                .contains(
                        FailureReason.EXPIRED.name(),
                        FailureReason.WRONG_AUDIENCE.name(),
                        FailureReason.WRONG_ISSUER.name(),
                        FailureReason.MALFORMED.name(),
                        FailureReason.INSUFFICIENT_SCOPE.name());
        assertThat(expected.get(0)).isEqualTo("valid");
        assertThat(expected.get(3)).as("exp ending in e-3").isEqualTo(FailureReason.EXPIRED.name());

        try (TokenValidator shared =
                TokenValidator.builder(config).clock(f.clock).build()) {
            Random random = new Random(11);
            for (int round = 0; round < 20; round++) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < tokens.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                for (int i : order) {
                    // The good token before each other, now and then, so that it is the template.
                    if (random.nextBoolean()) {
                        assertThat(shared.validate(tokens.get(0)).isValid()).isTrue();
                    }
                    assertThat(describe(shared.validate(tokens.get(i))))
                            .as("payload %s, round %d", payloads.get(i), round)
                            .isEqualTo(expected.get(i));
                }
            }
        }
    }

    private static String sign(String header, String payload, TestKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.getHeaders().setFullHeaderAsJsonString(header);
        jws.setPayload(payload);
        jws.setKey(key.privateKey());
        return jws.getCompactSerialization();
    }

    private static String describe(ValidationResult result) {
        return result.isValid()
                ? "valid"
                : result.rejection().orElseThrow().reason().name();
    }
}
