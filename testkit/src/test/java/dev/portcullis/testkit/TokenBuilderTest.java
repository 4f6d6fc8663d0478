package dev.portcullis.testkit;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBuilderTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    private final MutableClock clock = MutableClock.at(NOW);
    private LocalIdp idp;

    @BeforeEach
    void startIdp() {
        idp = LocalIdp.builder().clock(clock).start();
    }

    @AfterEach
    void closeIdp() {
        idp.close();
    }

    @Test
    void defaultTokenVerifiesAgainstTheServedJwksAndCarriesTheDefaults() throws Exception {
        String token = idp.token().build();

        Map<String, Object> jwk = Jose.keys(Http.get(idp.jwksUri()).body()).get(0);
        assertThat(Jose.verifies(token, org.jose4j.json.JsonUtil.toJson(jwk))).isTrue();
        assertThat(Jose.header(token))
                .containsExactly(Map.entry("alg", "RS256"), Map.entry("kid", "key-1"), Map.entry("typ", "JWT"));
        Map<String, Object> claims = Jose.claims(token);
        assertThat(claims)
                .containsEntry("iss", idp.issuer())
                .containsEntry("sub", "alice")
                .containsEntry("aud", "orders-api")
                .containsEntry("scope", "read:orders")
                .containsEntry("iat", NOW.getEpochSecond())
                .containsEntry("exp", NOW.getEpochSecond() + 300);
        assertThat(UUID.fromString((String) claims.get("jti"))).isNotNull();
    }

    @Test
    void defaultTokenIsAcceptedByAJose4jConsumerThatFetchesTheJwksOverHttp() throws Exception {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                        new HttpsJwks(idp.jwksUri().toString())))
                .setExpectedIssuer(idp.issuer())
                .setExpectedAudience("orders-api")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                .build();

        JwtClaims claims = consumer.processToClaims(idp.token().build());

        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void eachTokenGetsItsOwnJtiAndNowComesFromTheIdpClock() {
        String first = idp.token().build();
        clock.advance(Duration.ofHours(1));
        String second = idp.token().build();

        assertThat(Jose.claims(second))
                .containsEntry("iat", NOW.getEpochSecond() + 3600)
                .containsEntry("exp", NOW.getEpochSecond() + 3900);
        assertThat(Jose.claims(second).get("jti"))
                .isNotEqualTo(Jose.claims(first).get("jti"));
    }

    @Test
    void audienceWithOneValueIsAStringWithSeveralAnArrayAndWithNoneIsRemoved() {
        assertThat(Jose.claims(idp.token().audience("a").build())).containsEntry("aud", "a");
        assertThat(Jose.claims(idp.token().audience("a", "b").build())).containsEntry("aud", List.of("a", "b"));
        assertThat(Jose.claims(idp.token().audience().build())).doesNotContainKey("aud");
    }

    @Test
    void settersOverrideTheStandardClaims() {
        Instant nbf = NOW.plusSeconds(60);

        Map<String, Object> claims = Jose.claims(idp.token()
                .subject("bob")
                .issuer("https://elsewhere")
                .scope("read:orders write:orders")
                .issuedAt(NOW.minusSeconds(10))
                .notBefore(nbf)
                .expiresAt(NOW.plusSeconds(90))
                .build());

        assertThat(claims)
                .containsEntry("sub", "bob")
                .containsEntry("iss", "https://elsewhere")
                .containsEntry("scope", "read:orders write:orders")
                .containsEntry("iat", NOW.getEpochSecond() - 10)
                .containsEntry("nbf", nbf.getEpochSecond())
                .containsEntry("exp", NOW.getEpochSecond() + 90);
    }

    @Test
    void nullRemovesClaimsAndHeaders() {
        String token = idp.token()
                .scope(null)
                .subject(null)
                .issuer(null)
                .issuedAt(null)
                .expiresAt(null)
                .claim("jti", null)
                .header("typ", null)
                .build();

        assertThat(Jose.claims(token)).containsOnlyKeys("aud");
        assertThat(Jose.header(token)).containsOnlyKeys("alg", "kid");
    }

    @Test
    void expiresInIsRelativeToIssuedAtAndMayBeNegative() {
        assertThat(Jose.claims(idp.token()
                        .issuedAt(NOW.minusSeconds(100))
                        .expiresIn(Duration.ofSeconds(30))
                        .build()))
                .containsEntry("exp", NOW.getEpochSecond() - 70);
        assertThat(Jose.claims(idp.token().expiresIn(Duration.ofMinutes(-1)).build()))
                .containsEntry("exp", NOW.getEpochSecond() - 60);
        assertThat(Jose.claims(idp.token()
                        .issuedAt(null)
                        .expiresIn(Duration.ofSeconds(1))
                        .build()))
                .containsEntry("exp", NOW.getEpochSecond() + 1);
    }

    @Test
    void customClaimsOfEveryJsonTypeAreWritten() {
        Map<String, Object> claims = Jose.claims(idp.token()
                .claim("roles", List.of("admin", "user"))
                .claim("realm_access", Map.of("roles", List.of("x")))
                .claim("email_verified", true)
                .claim("age", 42)
                .claim("ratio", 0.5)
                .claim("arr", new String[] {"p", "q"})
                .claim("auth_time", NOW)
                .build());

        assertThat(claims)
                .containsEntry("roles", List.of("admin", "user"))
                .containsEntry("realm_access", Map.of("roles", List.of("x")))
                .containsEntry("email_verified", true)
                .containsEntry("age", 42L)
                .containsEntry("ratio", 0.5)
                .containsEntry("arr", List.of("p", "q"))
                .containsEntry("auth_time", NOW.getEpochSecond());
    }

    @Test
    void valuesThatCannotBeJsonAreRejected() {
        TokenBuilder builder = idp.token();

        assertThatThrownBy(() -> builder.claim("x", new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.claim("x", Map.of(1, "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.header(null, "a")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void buildersAreImmutableSoTheyWorkAsTemplates() {
        TokenBuilder template = idp.token().audience("billing");

        String bob = template.subject("bob").build();
        String carol = template.subject("carol").build();

        assertThat(Jose.claims(bob)).containsEntry("sub", "bob").containsEntry("aud", "billing");
        assertThat(Jose.claims(carol)).containsEntry("sub", "carol").containsEntry("aud", "billing");
        assertThat(Jose.claims(template.build())).containsEntry("sub", "alice");
    }

    @Test
    void headerAndPayloadJsonAreExactlyWhatIsEncoded() {
        TokenBuilder builder = idp.token().claim("nested", Map.of("a", List.of(1, 2)));

        String token = builder.build();

        assertThat(Jose.part(token, 0)).isEqualTo(builder.headerJson());
        assertThat(Jose.part(token, 1)).isEqualTo(builder.unsignedPayloadJson());
    }

    @ParameterizedTest
    @CsvSource({
        "rsa, 2048, RS384",
        "rsa, 2048, RS512",
        "rsa, 2048, PS256",
        "rsa, 2048, PS512",
        "rsa, 1024, RS256",
        "ec, 0, ES256",
        "ec, 0, ES384",
        "ec, 0, ES512"
    })
    void signedWithSetsAlgAndKidAndSignsWithThatKey(String type, int bits, String alg) {
        TestKey key = type.equals("rsa") ? TestKey.rsa("other", bits, alg) : TestKey.ec("other", alg);

        String token = idp.token().signedWith(key).build();

        assertThat(Jose.header(token)).containsEntry("alg", alg).containsEntry("kid", "other");
        assertThat(Jose.verifies(token, key.publicJwk())).isTrue();
        TestKey unrelated = type.equals("rsa") ? TestKey.rsaUnique("x") : TestKey.ec("x", alg);
        assertThat(Jose.verifies(token, unrelated.publicJwk()))
                .as("unrelated key")
                .isFalse();
    }

    @Test
    void headerSetAfterSignedWithOverridesKid() {
        TestKey key = TestKey.ec("real");

        String token = idp.token().signedWith(key).header("kid", "key-1").build();

        assertThat(Jose.header(token)).containsEntry("kid", "key-1").containsEntry("alg", "ES256");
        assertThat(Jose.verifies(token, key.publicJwk())).isTrue();
    }

    @Test
    void oddHeadersAreWrittenAndSigned() {
        String token = idp.token()
                .header("crit", List.of("exp-test"))
                .header("exp-test", 1)
                .header("jku", "https://attacker.example/jwks")
                .header("jwk", Http.json(TestKey.ec("evil").publicJwk()))
                .header("typ", "at+jwt")
                .build();

        assertThat(Jose.header(token))
                .containsEntry("crit", List.of("exp-test"))
                .containsEntry("jku", "https://attacker.example/jwks")
                .containsEntry("typ", "at+jwt")
                .containsKey("jwk");
        assertThat(Jose.verifies(token, idp.activeKey().publicJwk())).isTrue();
    }

    @Test
    void algNoneGivesAnUnsecuredTokenWithEmptySignature() {
        String token = idp.token().header("alg", "none").build();

        assertThat(token).endsWith(".");
        assertThat(Jose.header(token)).containsEntry("alg", "none");
        assertThat(Jose.claims(token)).containsEntry("sub", "alice");
    }

    @Test
    void algTheKeyCannotProduceIsSignedWithTheKeysOwnAlgorithm() throws Exception {
        TokenBuilder builder = idp.token().header("alg", "HS256");

        String token = builder.build();

        assertThat(Jose.header(token)).containsEntry("alg", "HS256");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(idp.activeKey().publicKey());
        rs256.update(Tokens.signingInput(builder.headerJson(), builder.unsignedPayloadJson())
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1))))
                .isTrue();
    }

    @Test
    void missingOrNonStringAlgStillProducesASignedToken() {
        String missing = idp.token().header("alg", null).build();
        String number = idp.token().header("alg", 256).build();

        assertThat(Jose.header(missing)).doesNotContainKey("alg");
        assertThat(Jose.header(number)).containsEntry("alg", 256L);
        assertThat(missing.substring(missing.lastIndexOf('.') + 1)).isNotEmpty();
    }
}
