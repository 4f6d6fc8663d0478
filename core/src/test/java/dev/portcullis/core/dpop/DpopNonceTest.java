package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.portcullis.core.dpop.DpopFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9449 §8, §9: stateless server nonces, valid for their step and the next; the next one sent when due. */
class DpopNonceTest {
    private final DpopFixture f = new DpopFixture(
            DpopConfig.builder().nonce(true).nonceStep(Duration.ofMinutes(5)).build());

    @Test
    void whenNoncesAreOnAndProofHasNoneThenUseDpopNonceWithAFreshNonce() {
        DpopResult.Refused r = assertRefused(f.verify(f.client.build()), FailureReason.USE_DPOP_NONCE, "no nonce");
        assertThat(r.failure().reason().errorCode()).hasValue("use_dpop_nonce");
        assertThat(r.nonce()).isPresent().isEqualTo(f.verifier.nonce());
    }

    @Test
    void whenProofCarriesTheCurrentNonceThenAcceptedWithoutANewOne() {
        String nonce = f.verifier.nonce().orElseThrow();
        DpopResult r = f.verify(f.client.nonce(nonce).build());
        assertThat(r).isEqualTo(new DpopResult.Accepted(f.client.thumbprint(), java.util.Optional.empty()));
    }

    @Test
    void whenProofCarriesThePreviousStepsNonceThenAcceptedAndTheNextNonceIsDue() {
        String old = f.verifier.nonce().orElseThrow();
        f.clock.advance(Duration.ofMinutes(5));
        String current = f.verifier.nonce().orElseThrow();
        assertThat(current).isNotEqualTo(old);
        DpopResult r = f.verify(f.client.nonce(old).build());
        assertThat(((DpopResult.Accepted) r).nextNonce()).hasValue(current);
    }

    @Test
    void whenNonceIsTwoStepsOldThenUseDpopNonce() {
        String old = f.verifier.nonce().orElseThrow();
        f.clock.advance(Duration.ofMinutes(10));
        assertRefused(f.verify(f.client.nonce(old).build()), FailureReason.USE_DPOP_NONCE, "stale");
    }

    @Test
    void whenNonceWasIssuedByAnotherServerThenUseDpopNonce() {
        DpopFixture other = new DpopFixture(DpopConfig.builder().nonce(true).build());
        String foreign = other.verifier.nonce().orElseThrow();
        assertRefused(f.verify(f.client.nonce(foreign).build()), FailureReason.USE_DPOP_NONCE);
        assertRefused(f.verify(f.client.nonce("made-up").build()), FailureReason.USE_DPOP_NONCE);
    }

    @Test
    void whenNoncesAreOffThenNoNonceIsIssuedOrRequired() {
        DpopFixture off = new DpopFixture();
        assertThat(off.verifier.nonce()).isEmpty();
        assertThat(off.verify(off.client.build())).isInstanceOf(DpopResult.Accepted.class);
    }

    @Test
    void whenNonceIsMissingTheProofIsNotRecordedSoTheRetryIsNotAReplay() {
        f.verify(f.client.jti("retry").build());
        assertThat(f.store.seen).isEmpty();
    }
}
