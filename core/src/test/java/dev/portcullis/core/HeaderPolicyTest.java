package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Header parameters: crit and b64 refused; key-carrying parameters never fetched nor trusted; typ: another
 * kind of JWT always refused, at+jwt required when the RFC 9068 check is on.
 */
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
        String token = dev.portcullis.testkit.Tokens.compact(
                f.token().header("b64", false).headerJson(), f.token().unsignedPayloadJson(), new byte[256]);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNSUPPORTED_HEADER);
    }

    @Test
    void whenJkuX5uPointElsewhereThenTheyAreNeverFetched() {
        try (LocalIdp attacker = LocalIdp.start()) {
            String evil = attacker.token()
                    .issuer(f.idp.issuer())
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
        String evil = f.token()
                .signedWith(attackerKey)
                .header("x5c", List.of("MIIBIjANBgkq"))
                .build();
        assertThat(reasonOf(f.validate(evil))).isEqualTo(FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenTypeEnforcedThenJwtTypedTokenIsWrongType() {
        f.validator(b -> b.requireAccessTokenType(true));
        assertThat(reasonOf(f.validate(f.token().build()))).isEqualTo(FailureReason.WRONG_TYPE);
        assertThat(reasonOf(f.validate(f.token().header("typ", null).build()))).isEqualTo(FailureReason.WRONG_TYPE);
        // RFC 9068 section 2.2 members, which the check then also requires (AccessTokenMembersTest).
        assertThat(f.validate(f.token()
                                .header("typ", "at+jwt")
                                .claim("client_id", "c")
                                .build())
                        .isValid())
                .isTrue();
        assertThat(f.validate(f.token()
                                .header("typ", "application/at+JWT")
                                .claim("client_id", "c")
                                .build())
                        .isValid())
                .isTrue();
    }

    @Test
    void whenTypeNotEnforcedThenAnyTypIsAccepted() {
        assertThat(f.validate(f.token().header("typ", "JWT").build()).isValid()).isTrue();
        assertThat(f.validate(f.token().header("typ", null).build()).isValid()).isTrue();
    }

    @Test
    void whenTypNamesAnotherKindOfJwtThenWrongTypeAlthoughTheTypeCheckIsOff() {
        for (String typ : List.of(
                "secevent+jwt",
                "logout+jwt",
                "dpop+jwt",
                "id_token+jwt",
                "token-introspection+jwt",
                "SECEVENT+JWT",
                "Logout+Jwt",
                "application/secevent+jwt",
                "Application/DPoP+JWT",
                "+jwt",
                "secevent+jwt; charset=utf-8",
                " logout+jwt ")) {
            ValidationResult result = f.validate(f.token().header("typ", typ).build());
            assertThat(reasonOf(result)).as(typ).isEqualTo(FailureReason.WRONG_TYPE);
            assertThat(result.rejection().orElseThrow().detail()).as(typ).contains("another kind of JWT");
        }
    }

    @Test
    void whenTypNamesAnotherKindOfJwtThenWrongTypeAlsoWithTheTypeCheckOn() {
        f.validator(b -> b.requireAccessTokenType(true));
        for (String typ : List.of("secevent+jwt", "application/logout+jwt", "DPOP+JWT")) {
            ValidationResult result = f.validate(f.token().header("typ", typ).build());
            assertThat(reasonOf(result)).as(typ).isEqualTo(FailureReason.WRONG_TYPE);
            assertThat(result.rejection().orElseThrow().detail()).as(typ).contains("another kind of JWT");
        }
    }

    @Test
    void whenTypIsJwtOrAbsentOrNotAJwtSubtypeThenTheTypeCheckOffAcceptsIt() {
        for (String typ : java.util.Arrays.asList(
                "JWT",
                "jwt",
                "application/jwt",
                "at+jwt",
                "application/AT+JWT",
                "JOSE",
                "at+JWT+x",
                "jwt+json",
                null)) {
            assertThat(f.validate(f.token().header("typ", typ).build()).isValid())
                    .as(String.valueOf(typ))
                    .isTrue();
        }
    }

    @Test
    void whenAnAcceptedHeaderIsRememberedThenAnotherKindOfJwtIsStillRefusedEveryTime() {
        // The header memo skips the checks of headers that passed; a refused header must never be
        // remembered, whichever token came before it.
        String access = f.token().build();
        String logout = f.token().header("typ", "logout+jwt").build();
        for (int i = 0; i < 6; i++) {
            assertThat(f.validate(access).isValid()).isTrue();
            assertThat(reasonOf(f.validate(logout))).isEqualTo(FailureReason.WRONG_TYPE);
            assertThat(reasonOf(f.validate(f.token().header("typ", "logout+jwt").build())))
                    .isEqualTo(FailureReason.WRONG_TYPE);
        }
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
        tokens.add(f.token().header("typ", "secevent+jwt").build());
        tokens.add(f.token().header("typ", "application/dpop+jwt").build());
        ValidatorConfig config = f.config().cacheMaxEntries(0).build();
        java.util.List<String> expected = new java.util.ArrayList<>();
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
                        FailureReason.BAD_SIGNATURE.name(),
                        FailureReason.WRONG_AUDIENCE.name(),
                        FailureReason.UNSUPPORTED_HEADER.name(),
                        FailureReason.MALFORMED.name(),
                        FailureReason.WRONG_TYPE.name());
        try (TokenValidator shared =
                TokenValidator.builder(config).clock(f.clock).build()) {
            java.util.Random random = new java.util.Random(7);
            for (int round = 0; round < 5; round++) {
                java.util.List<Integer> order = new java.util.ArrayList<>();
                for (int i = 0; i < tokens.size(); i++) {
                    order.add(i);
                }
                java.util.Collections.shuffle(order, random);
                for (int i : order) {
                    assertThat(describe(shared.validate(tokens.get(i))))
                            .as("token %d, round %d", i, round)
                            .isEqualTo(expected.get(i));
                }
            }
        }
    }

    private static final java.time.Instant FIXTURE_T0_MINUS_HOUR = Fixture.T0.minusSeconds(3600);

    private static String describe(ValidationResult result) {
        return result.isValid()
                ? "valid"
                : result.rejection().orElseThrow().reason().name();
    }
}
