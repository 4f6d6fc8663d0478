package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static dev.portcullis.core.dpop.DpopFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9449 §4.3 step 1-2: exactly one DPoP header holding one well-formed JWT of bounded size, with a jti. */
class DpopProofShapeTest {
    private final DpopFixture f = new DpopFixture();

    private DpopResult verifyHeaders(List<String> headers) {
        return f.verifier.verify("GET", DpopFixture.URI, headers, DpopFixture.ACCESS_TOKEN, f.token);
    }

    @Test
    void whenThereIsNoDpopHeaderThenRefusedAsInvalidProof() {
        DpopResult.Refused r =
                assertRefused(verifyHeaders(List.of()), FailureReason.INVALID_DPOP_PROOF, "no DPoP header");
        assertThat(r.failure().status()).isEqualTo(401);
        assertThat(r.failure().reason().errorCode()).hasValue("invalid_dpop_proof");
        assertRefused(verifyHeaders(null), FailureReason.INVALID_DPOP_PROOF);
    }

    @Test
    void whenThereAreTwoDpopHeadersThenRefusedEvenIfBothAreValid() {
        assertRefused(
                verifyHeaders(List.of(f.client.build(), f.client.build())),
                FailureReason.INVALID_DPOP_PROOF,
                "2 DPoP headers");
        assertThat(f.store.seen).isEmpty();
    }

    @Test
    void whenOneHeaderHoldsTwoProofsThenRefused() {
        assertRefused(
                f.verify(f.client.build() + ", " + f.client.build()),
                FailureReason.INVALID_DPOP_PROOF,
                "more than one");
    }

    @Test
    void whenProofIsLongerThanTheLimitThenRefusedUnread() {
        String big = f.client.claim("pad", "x".repeat(4_200)).build();
        assertRefused(f.verify(big), FailureReason.INVALID_DPOP_PROOF, "more than 4096");
        DpopFixture roomy =
                new DpopFixture(DpopConfig.builder().maxProofLength(8_192).build());
        assertThat(roomy.verify(roomy.client.claim("pad", "x".repeat(4_200)).build()))
                .isInstanceOf(DpopResult.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not-a-jwt", "a.b", "a.b.c.d.e", "eyJ.eyJ.", "e30.e30.e30"})
    void whenProofIsMalformedThenRefusedAsInvalidProof(String proof) {
        assertRefused(f.verify(proof), FailureReason.INVALID_DPOP_PROOF);
    }

    @Test
    void whenJtiIsAbsentEmptyOrTooLongThenRefused() {
        assertRefused(f.verify(f.client.claim("jti", "").build()), FailureReason.INVALID_DPOP_PROOF, "jti");
        assertRefused(f.verify(f.client.claim("jti", 7).build()), FailureReason.INVALID_DPOP_PROOF, "jti");
        char[] longJti = new char[257];
        Arrays.fill(longJti, 'j');
        assertRefused(f.verify(f.client.jti(new String(longJti)).build()), FailureReason.INVALID_DPOP_PROOF, "jti");
        assertThat(f.verify(f.client.jti(new String(longJti, 0, 256)).build())).isInstanceOf(DpopResult.Accepted.class);
    }

    @Test
    void whenRefusedThenTheDetailNeverCarriesTheProofOrToken() {
        String proof = f.client.accessToken("x").build();
        DpopResult.Refused r = (DpopResult.Refused) f.verify(proof);
        assertThat(r.failure().detail())
                .doesNotContain(proof.substring(0, 16))
                .doesNotContain(DpopFixture.ACCESS_TOKEN.substring(0, 16));
    }
}
