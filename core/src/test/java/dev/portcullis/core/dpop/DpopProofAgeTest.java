package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.portcullis.core.dpop.DpopFixture.assertAccepted;
import static dev.portcullis.core.dpop.DpopFixture.assertRefused;

/** RFC 9449 §4.3 step 11: iat within the window (default 60 s back) and the leeway forward (default 10 s). */
class DpopProofAgeTest {
    private final DpopFixture f = new DpopFixture();

    private Instant now() {
        return f.clock.instant();
    }

    @Test
    void whenProofIsAtMostTheMaxAgeOldThenAccepted() {
        assertAccepted(f.verify(f.client.issuedAt(now().minusSeconds(60)).build()));
    }

    @Test
    void whenProofIsOlderThanTheMaxAgeThenRefused() {
        assertRefused(
                f.verify(f.client.issuedAt(now().minusSeconds(61)).build()), FailureReason.INVALID_DPOP_PROOF, "ago");
    }

    @Test
    void whenProofWasSignedThenSentLateThenRefused() {
        String proof = f.client.build();
        f.clock.advance(Duration.ofSeconds(61));
        assertRefused(f.verify(proof), FailureReason.INVALID_DPOP_PROOF, "ago");
    }

    @Test
    void whenProofIsFromTheFutureWithinTheLeewayThenAccepted() {
        assertAccepted(f.verify(f.client.issuedAt(now().plusSeconds(10)).build()));
    }

    @Test
    void whenProofIsFromTheFutureBeyondTheLeewayThenRefused() {
        assertRefused(
                f.verify(f.client.issuedAt(now().plusSeconds(11)).build()), FailureReason.INVALID_DPOP_PROOF, "future");
    }

    @Test
    void whenMaxAgeIsConfiguredThenItIsTheWindow() {
        DpopFixture shortWindow = new DpopFixture(
                DpopConfig.builder().proofMaxAge(Duration.ofSeconds(5)).build());
        assertRefused(
                shortWindow.verify(
                        shortWindow.client.issuedAt(now().minusSeconds(6)).build()),
                FailureReason.INVALID_DPOP_PROOF,
                "max age 5 s");
    }

    @Test
    void whenIatIsAbsentOrNotANumberThenRefused() {
        assertRefused(f.verify(f.client.claim("iat", "now").build()), FailureReason.INVALID_DPOP_PROOF, "iat");
        assertRefused(f.verify(f.client.claim("iat", 1e300).build()), FailureReason.INVALID_DPOP_PROOF, "future");
    }
}
