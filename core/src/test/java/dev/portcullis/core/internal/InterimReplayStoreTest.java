package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import dev.portcullis.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The request path's interim replay store: first use wins, never forgets an unexpired proof, fails closed when full. */
class InterimReplayStoreTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-07T10:00:00Z"));
    private final InterimReplayStore store = new InterimReplayStore(3, clock);

    private Verdict use(String jkt, String jti) {
        return store.use(jkt, jti, clock.instant(), clock.instant().plusSeconds(70));
    }

    @Test
    void whenAProofIsUsedTwiceThenTheSecondIsAReplay() {
        assertThat(use("k1", "a")).isEqualTo(Verdict.FIRST_USE);
        assertThat(use("k1", "a")).isEqualTo(Verdict.REPLAYED);
        assertThat(use("k2", "a")).isEqualTo(Verdict.FIRST_USE);
    }

    @Test
    void whenThumbprintAndJtiSpellTheSameConcatenationThenTheyAreStillTwoProofs() {
        assertThat(use("k1", "ab")).isEqualTo(Verdict.FIRST_USE);
        assertThat(use("k1a", "b")).isEqualTo(Verdict.FIRST_USE);
    }

    @Test
    void whenFullOfUnexpiredProofsThenUnavailableRatherThanForgetOne() {
        use("k", "1");
        use("k", "2");
        use("k", "3");
        assertThat(use("k", "4")).isEqualTo(Verdict.UNAVAILABLE);
        assertThat(use("k", "1")).isEqualTo(Verdict.REPLAYED);
        clock.advance(Duration.ofSeconds(71));
        assertThat(use("k", "4")).isEqualTo(Verdict.FIRST_USE);
    }
}
