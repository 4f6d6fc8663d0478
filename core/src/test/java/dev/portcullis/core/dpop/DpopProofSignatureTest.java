package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;

import static dev.portcullis.core.dpop.DpopFixture.assertAccepted;
import static dev.portcullis.core.dpop.DpopFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9449 §4.3 steps 2-7: typ, alg allow-list, a public jwk, and a signature by that jwk. */
class DpopProofSignatureTest {
    private final DpopFixture f = new DpopFixture();

    @Test
    void whenProofIsSignedByTheKeyOfItsJwkThenAccepted() {
        DpopResult r = f.verify(f.client.build());
        assertAccepted(r);
        assertThat(((DpopResult.Accepted) r).keyThumbprint()).isEqualTo(f.client.thumbprint());
    }

    @Test
    void whenProofIsSignedWithRs256Ps256OrEdDsaThenAccepted() throws Exception {
        TestKey rsa = TestKey.rsa("client-rsa");
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        for (DpopProof client : List.of(
                DpopProof.of(rsa),
                DpopProof.of(TestKey.rsa("ps", 2048, "PS256")),
                DpopProof.of(ed.generateKeyPair(), "EdDSA"))) {
            DpopProof c = client.clock(f.clock).uri(DpopFixture.URI).accessToken(DpopFixture.ACCESS_TOKEN);
            assertAccepted(f.verifier.verify(
                    "GET",
                    DpopFixture.URI,
                    List.of(c.build()),
                    DpopFixture.ACCESS_TOKEN,
                    f.tokenBoundTo(c.thumbprint())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "HS256", "HS512", "ES384", "RS512"})
    void whenAlgIsNotInTheAllowListThenRefused(String alg) {
        assertRefused(f.verify(f.client.algorithm(alg).build()), FailureReason.INVALID_DPOP_PROOF, "allow-list");
    }

    @Test
    void whenAlgNoneHasNoSignatureThenRefused() {
        String proof = f.client.algorithm("none").build();
        assertThat(proof).endsWith(".");
        assertRefused(f.verify(proof), FailureReason.INVALID_DPOP_PROOF, "allow-list");
    }

    @Test
    void whenAllowListIsConfiguredThenOnlyItsAlgorithmsPass() {
        DpopFixture rsOnly =
                new DpopFixture(DpopConfig.builder().algorithms("RS256").build());
        assertRefused(rsOnly.verify(rsOnly.client.build()), FailureReason.INVALID_DPOP_PROOF, "allow-list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"d", "p", "q", "dp", "dq", "qi", "k"})
    void whenJwkCarriesAPrivateMemberThenRefused(String member) {
        assertRefused(
                f.verify(f.client.privateMember(member, "AQAB").build()), FailureReason.INVALID_DPOP_PROOF, "private");
    }

    @Test
    void whenJwkIsSymmetricThenRefused() {
        String proof =
                f.client.header("jwk", Map.of("kty", "oct", "k", "c2VjcmV0")).build();
        assertRefused(f.verify(proof), FailureReason.INVALID_DPOP_PROOF, "symmetric");
    }

    @Test
    void whenJwkIsAnotherKeyThanTheSignersThenRefused() {
        DpopProof other = DpopProof.of(TestKey.ec("other"));
        @SuppressWarnings("unchecked")
        Map<String, Object> otherJwk = (Map<String, Object>) jwkOf(other);
        String proof = f.client.header("jwk", otherJwk).build();
        assertRefused(f.verify(proof), FailureReason.INVALID_DPOP_PROOF, "signature does not verify");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "dpop", "application/jwt"})
    void whenTypIsNotDpopJwtThenRefused(String typ) {
        assertRefused(f.verify(f.client.header("typ", typ).build()), FailureReason.INVALID_DPOP_PROOF, "typ");
        assertRefused(f.verify(f.client.header("typ", null).build()), FailureReason.INVALID_DPOP_PROOF, "typ");
    }

    @Test
    void whenHeaderHasNoJwkOrCarriesCritThenRefused() {
        assertRefused(f.verify(f.client.header("jwk", null).build()), FailureReason.INVALID_DPOP_PROOF, "no jwk");
        assertRefused(
                f.verify(f.client.header("crit", List.of("exp")).build()), FailureReason.INVALID_DPOP_PROOF, "crit");
    }

    @Test
    void whenSignatureIsAlteredThenRefused() {
        String proof = f.client.build();
        String altered = proof.substring(0, proof.length() - 4) + (proof.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertRefused(f.verify(altered), FailureReason.INVALID_DPOP_PROOF, "signature");
    }

    private static Object jwkOf(DpopProof proof) {
        String header = proof.build().split("\\.")[0];
        String json =
                new String(java.util.Base64.getUrlDecoder().decode(header), java.nio.charset.StandardCharsets.UTF_8);
        int at = json.indexOf("\"jwk\":");
        String jwk = json.substring(at + 6, json.indexOf('}', at) + 1);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (String member : jwk.substring(1, jwk.length() - 1).split(",")) {
            String[] kv = member.split(":", 2);
            out.put(kv[0].replace("\"", ""), kv[1].replace("\"", ""));
        }
        return out;
    }
}
