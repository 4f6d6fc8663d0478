package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.portcullis.core.dpop.DpopFixture.assertAccepted;
import static dev.portcullis.core.dpop.DpopFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9449 §4.3 step 12 and §6.1: ath is the hash of the access token, cnf.jkt the thumbprint of the proof's key. */
class DpopTokenBindingTest {
    private final DpopFixture f = new DpopFixture();

    @Test
    void whenAthIsTheHashOfAnotherTokenThenRefused() {
        assertRefused(
                f.verify(f.client.accessToken("another.access.token").build()),
                FailureReason.INVALID_DPOP_PROOF,
                "ath");
    }

    @Test
    void whenAthIsAbsentThenRefused() {
        assertRefused(f.verify(f.client.accessToken(null).build()), FailureReason.INVALID_DPOP_PROOF, "no ath");
    }

    @Test
    void whenTokenIsBoundToAnotherKeyThenRefusedAsInvalidToken() {
        String attackerKey = DpopProof.of(TestKey.ec("attacker")).thumbprint();
        DpopResult r = f.verifier.verify(
                "GET",
                DpopFixture.URI,
                List.of(f.client.build()),
                DpopFixture.ACCESS_TOKEN,
                f.tokenBoundTo(attackerKey));
        DpopResult.Refused refused = assertRefused(r, FailureReason.DPOP_BINDING_MISMATCH, "cnf.jkt");
        assertThat(refused.failure().error())
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("invalid_token"));
    }

    @Test
    void whenTokenIsNotBoundToAnyKeyThenTheDpopSchemeIsRefused() {
        DpopResult r = f.verifier.verify(
                "GET", DpopFixture.URI, List.of(f.client.build()), DpopFixture.ACCESS_TOKEN, f.tokenBoundTo(null));
        assertRefused(r, FailureReason.DPOP_BINDING_MISMATCH, "no cnf.jkt");
    }

    @Test
    void whenCnfIsNotAnObjectThenRefused() {
        VerifiedToken odd = VerifiedToken.builder()
                .issuer("https://idp.example.com")
                .audiences("a")
                .expiresAt(f.clock.instant().plusSeconds(60))
                .claim("cnf", f.client.thumbprint())
                .build();
        assertRefused(
                f.verifier.verify("GET", DpopFixture.URI, List.of(f.client.build()), DpopFixture.ACCESS_TOKEN, odd),
                FailureReason.DPOP_BINDING_MISMATCH);
    }

    @Test
    void whenKeycloaksExtraCnfMemberIsPresentThenTheJktStillBinds() {
        VerifiedToken keycloak = VerifiedToken.builder()
                .issuer("https://idp.example.com")
                .audiences("a")
                .expiresAt(f.clock.instant().plusSeconds(60))
                .claim("cnf", Map.of("jkt", f.client.thumbprint(), "kc-jkt-type", "DPoP"))
                .build();
        assertAccepted(f.verifier.verify(
                "GET", DpopFixture.URI, List.of(f.client.build()), DpopFixture.ACCESS_TOKEN, keycloak));
    }
}
