package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.portcullis.core.dpop.DpopFixture.assertAccepted;
import static dev.portcullis.core.dpop.DpopFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9449 §11.1: each proof is accepted once; a store that cannot answer fails closed with 503. */
class DpopReplayTest {
    private final DpopFixture f = new DpopFixture();

    @Test
    void whenProofReplayedThenRefused() {
        String proof = f.client.build();
        assertAccepted(f.verify(proof));
        DpopResult.Refused r = assertRefused(f.verify(proof), FailureReason.DPOP_PROOF_REPLAYED);
        assertThat(r.failure().reason().dpopError()).hasValue(dev.portcullis.core.DpopError.INVALID_DPOP_PROOF);
    }

    @Test
    void whenTwoProofsShareAJtiThenTheSecondIsRefusedEvenForAnotherUri() {
        assertAccepted(f.verify(f.client.jti("same").build()));
        assertRefused(
                f.verify(
                        "GET",
                        "https://api.example.com/other",
                        f.client
                                .jti("same")
                                .uri("https://api.example.com/other")
                                .build()),
                FailureReason.DPOP_PROOF_REPLAYED);
    }

    @Test
    void whenProofIsRefusedForAnotherReasonThenItTakesNoRoomInTheStore() {
        f.verify(f.client.accessToken("other").build());
        f.verify(f.client.uri("https://evil.example.com/").build());
        assertThat(f.store.seen).isEmpty();
    }

    @Test
    void whenStoreIsToldAProofThenItGetsTheKeyThumbprintJtiIatAndAnExpiryAfterTheWindow() {
        AtomicReference<List<Object>> call = new AtomicReference<>();
        DpopVerifier v = DpopVerifier.builder(DpopConfig.defaults())
                .clock(f.clock)
                .replayStore((jkt, jti, iat, exp) -> {
                    call.set(List.of(jkt, jti, iat, exp));
                    return DpopReplayStore.Verdict.FIRST_USE;
                })
                .build();
        Instant now = f.clock.instant();
        assertAccepted(v.verify(
                "GET", DpopFixture.URI, List.of(f.client.jti("j-1").build()), DpopFixture.ACCESS_TOKEN, f.token));
        assertThat(call.get()).containsExactly(f.client.thumbprint(), "j-1", now, now.plusSeconds(70));
    }

    @Test
    void whenStoreIsUnavailableThenRefusedAsServerFaultWithRetryAfter() {
        f.store.forced = DpopReplayStore.Verdict.UNAVAILABLE;
        DpopResult.Refused r = assertRefused(f.verify(f.client.build()), FailureReason.DPOP_REPLAY_UNAVAILABLE);
        assertThat(r.failure().reason().isServerFault()).isTrue();
        assertThat(r.failure().status()).isEqualTo(503);
        assertThat(r.retryAfterSeconds()).isPositive();
    }

    @Test
    void whenStoreThrowsThenRefusedAsServerFault() {
        DpopVerifier v = DpopVerifier.builder(DpopConfig.defaults())
                .clock(f.clock)
                .replayStore((jkt, jti, iat, exp) -> {
                    throw new IllegalStateException("cluster gone");
                })
                .build();
        assertRefused(
                v.verify("GET", DpopFixture.URI, List.of(f.client.build()), DpopFixture.ACCESS_TOKEN, f.token),
                FailureReason.DPOP_REPLAY_UNAVAILABLE);
    }

    @Test
    void whenStoreSaysTooOldThenRefusedAsInvalidProof() {
        f.store.forced = DpopReplayStore.Verdict.TOO_OLD;
        assertRefused(f.verify(f.client.build()), FailureReason.INVALID_DPOP_PROOF, "vouch");
    }

    @Test
    void whenNoStoreIsGivenThenBuildFails() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DpopVerifier.builder(DpopConfig.defaults()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replay store");
    }
}
