package dev.portcullis.testkit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The testkit's DPoP client: RFC 7638 thumbprints, the proof's header and claims, and the attack knobs. */
class DpopProofTest {
    private static String part(String jws, int i) {
        return new String(Base64.getUrlDecoder().decode(jws.split("\\.", -1)[i]), StandardCharsets.UTF_8);
    }

    @Test
    void whenTheRfc7638ExampleKeyIsHashedThenItsThumbprintIsTheRfcs() {
        Map<String, Object> jwk = Map.of(
                "kty",
                "RSA",
                "e",
                "AQAB",
                "n",
                "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPF"
                        + "FxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZ"
                        + "gnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw");
        assertThat(DpopKeys.thumbprint(jwk)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void whenAProofIsBuiltThenItHasTheHeaderAndClaimsOfRfc9449() throws Exception {
        String proof = DpopProof.of(TestKey.ec("c"))
                .method("POST")
                .uri("https://api.example.com/orders")
                .accessToken("the.access.token")
                .nonce("n-1")
                .issuedAt(Instant.ofEpochSecond(1_700_000_000))
                .build();
        assertThat(part(proof, 0))
                .contains("\"typ\":\"dpop+jwt\"", "\"alg\":\"ES256\"", "\"kty\":\"EC\"", "\"crv\":\"P-256\"")
                .doesNotContain("\"d\"");
        String ath = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest("the.access.token".getBytes(StandardCharsets.US_ASCII)));
        assertThat(part(proof, 1))
                .contains(
                        "\"htm\":\"POST\"",
                        "\"htu\":\"https://api.example.com/orders\"",
                        "\"nonce\":\"n-1\"",
                        "\"iat\":1700000000",
                        "\"ath\":\"" + ath + "\"",
                        "\"jti\":");
    }

    @Test
    void whenTwoProofsAreBuiltThenTheirJtisDiffer() {
        DpopProof client = DpopProof.of(TestKey.ec("c")).uri("https://a.example/");
        assertThat(part(client.build(), 1)).isNotEqualTo(part(client.build(), 1));
    }

    @Test
    void whenTheKnobsAreTurnedThenTheProofCarriesTheAttack() throws Exception {
        DpopProof client = DpopProof.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "EdDSA");
        assertThat(part(client.build(), 0)).contains("\"kty\":\"OKP\"", "\"crv\":\"Ed25519\"");
        assertThat(client.algorithm("none").build()).endsWith(".");
        assertThat(part(client.privateMember("d", "AQAB").build(), 0)).contains("\"d\":\"AQAB\"");
        assertThat(part(client.header("typ", null).build(), 0)).doesNotContain("typ");
    }

    @Test
    void whenATokenIsBoundThenItsCnfJktIsTheThumbprint() {
        try (LocalIdp idp = LocalIdp.start()) {
            DpopProof client = DpopProof.of(TestKey.ec("c"));
            assertThat(part(idp.token().boundTo(client.thumbprint()).build(), 1))
                    .contains("\"cnf\":{\"jkt\":\"" + client.thumbprint() + "\"}");
        }
    }
}
