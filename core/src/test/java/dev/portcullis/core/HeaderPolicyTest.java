package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Header parameters: crit and b64 refused; key-carrying parameters never fetched nor trusted; typ. */
class HeaderPolicyTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenCritPresentThenUnsupportedHeader() {
        String token = f.token().header("crit", List.of("exp")).header("exp", 1).build();
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNSUPPORTED_HEADER);
    }

    @Test
    void whenB64PresentThenUnsupportedHeader() {
        // RFC 7797 unencoded payloads: refused before the signature is even looked at.
        String token = dev.portcullis.testkit.Tokens.compact(f.token().header("b64", false).headerJson(),
                f.token().unsignedPayloadJson(), new byte[256]);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNSUPPORTED_HEADER);
    }

    @Test
    void whenJkuX5uPointElsewhereThenTheyAreNeverFetched() {
        try (LocalIdp attacker = LocalIdp.start()) {
            String evil = attacker.token().issuer(f.idp.issuer())
                    .header("jku", attacker.jwksUri().toString())
                    .header("x5u", attacker.jwksUri().toString())
                    .build();
            assertThat(reasonOf(f.validate(evil))).isIn(FailureReason.BAD_SIGNATURE, FailureReason.UNKNOWN_KEY);
            assertThat(attacker.jwksRequests()).isZero();
        }
    }

    @Test
    void whenEmbeddedJwkCarriesTheSigningKeyThenItIsNotTrusted() throws Exception {
        TestKey attackerKey = TestKey.rsaUnique("key-1");
        Map<String, Object> jwk = org.jose4j.json.JsonUtil.parseJson(attackerKey.publicJwk());
        String evil = f.token().signedWith(attackerKey).header("jwk", jwk).build();
        assertThat(reasonOf(f.validate(evil))).isEqualTo(FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenX5cCarriesAKeyThenItIsNotTrusted() {
        TestKey attackerKey = TestKey.rsaUnique("key-1");
        String evil = f.token().signedWith(attackerKey).header("x5c", List.of("MIIBIjANBgkq")).build();
        assertThat(reasonOf(f.validate(evil))).isEqualTo(FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenTypeEnforcedThenJwtTypedTokenIsWrongType() {
        f.validator(b -> b.requireAccessTokenType(true));
        assertThat(reasonOf(f.validate(f.token().build()))).isEqualTo(FailureReason.WRONG_TYPE);
        assertThat(reasonOf(f.validate(f.token().header("typ", null).build()))).isEqualTo(FailureReason.WRONG_TYPE);
        assertThat(f.validate(f.token().header("typ", "at+jwt").build()).isValid()).isTrue();
        assertThat(f.validate(f.token().header("typ", "application/at+JWT").build()).isValid()).isTrue();
    }

    @Test
    void whenTypeNotEnforcedThenAnyTypIsAccepted() {
        assertThat(f.validate(f.token().header("typ", "JWT").build()).isValid()).isTrue();
        assertThat(f.validate(f.token().header("typ", null).build()).isValid()).isTrue();
    }

    @Test
    void whenKidIsNotAStringThenMalformed() {
        assertThat(reasonOf(f.validate(f.token().header("kid", 7).build()))).isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenTokensShareOrVaryTheirHeaderThenEachIsJudgedAsIfItWereTheFirst() {
        // The validator remembers a few headers that passed, so that tokens sharing one skip its
        // decoding: that must never change an answer. More distinct headers than it remembers, good
        // and bad, each also with bad claims or a bad signature, judged again and again in turn.
        TestKey otherKey = TestKey.rsaUnique("key-1");
        java.util.List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tokens.add(f.token().header("n", i).build());
            tokens.add(f.token().header("n", i).expiresAt(FIXTURE_T0_MINUS_HOUR).build());
            tokens.add(f.token().header("n", i).signedWith(otherKey).build());
            tokens.add(f.token().header("n", i).audience("billing-api").build());
            // Encoded headers of the same length as a good one, refused for what they say.
            tokens.add(f.token().header("n", i).header("xyz", 1).build());
            tokens.add(f.token().header("n", i).header("b64", 1).build());
        }
        tokens.add(f.token().header("crit", List.of("exp")).header("exp", 1).build());
        tokens.add(f.token().header("kid", 7).build());
        tokens.add(f.token().header("typ", null).build());
        ValidatorConfig config = f.config().cacheMaxEntries(0).build();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (String token : tokens) {
            try (TokenValidator fresh = TokenValidator.builder(config).clock(f.clock).build()) {
                expected.add(describe(fresh.validate(token)));
            }
        }
        assertThat(expected).contains("valid").contains(FailureReason.EXPIRED.name(), FailureReason.BAD_SIGNATURE.name(),
                FailureReason.WRONG_AUDIENCE.name(), FailureReason.UNSUPPORTED_HEADER.name(), FailureReason.MALFORMED.name());
        try (TokenValidator shared = TokenValidator.builder(config).clock(f.clock).build()) {
            java.util.Random random = new java.util.Random(7);
            for (int round = 0; round < 5; round++) {
                java.util.List<Integer> order = new java.util.ArrayList<>();
                for (int i = 0; i < tokens.size(); i++) {
                    order.add(i);
                }
                java.util.Collections.shuffle(order, random);
                for (int i : order) {
                    assertThat(describe(shared.validate(tokens.get(i)))).as("token %d, round %d", i, round)
                            .isEqualTo(expected.get(i));
                }
            }
        }
    }

    private static final java.time.Instant FIXTURE_T0_MINUS_HOUR = Fixture.T0.minusSeconds(3600);

    private static String describe(ValidationResult result) {
        return result.isValid() ? "valid" : result.rejection().orElseThrow().reason().name();
    }
}
