package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.Test;

import static dev.portcullis.core.internal.ReplayStoreSupport.KEY_A;
import static dev.portcullis.core.internal.ReplayStoreSupport.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

/** A proof is accepted once: its second use within its window is refused. */
class InMemoryReplayStoreReplayTest {
    private final ReplayStoreSupport s = new ReplayStoreSupport(1000, 100);

    @Test
    void whenProofReplayedThenRefused() {
        assertThat(s.use(KEY_A, "jti-1")).isEqualTo(Verdict.FIRST_USE);
        assertThat(s.use(KEY_A, "jti-1")).isEqualTo(Verdict.REPLAYED);
        s.clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(s.use(KEY_A, "jti-1", ReplayStoreSupport.T0)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void whenTheSameJtiComesWithAnotherKeyThenItIsAnotherProof() {
        assertThat(s.use(KEY_A, "jti-1")).isEqualTo(Verdict.FIRST_USE);
        assertThat(s.use(KEY_B, "jti-1")).isEqualTo(Verdict.FIRST_USE);
        assertThat(s.use(KEY_A, "jti-2")).isEqualTo(Verdict.FIRST_USE);
        assertThat(s.store.size()).isEqualTo(3);
    }

    @Test
    void whenKeyAndJtiWouldConcatenateAlikeThenTheyAreStillDistinct() {
        assertThat(s.use("ab", "c")).isEqualTo(Verdict.FIRST_USE);
        assertThat(s.use("a", "bc")).isEqualTo(Verdict.FIRST_USE);
    }

    @Test
    void whenAnArgumentIsMissingThenTheProofIsRefusedWithoutAThrow() {
        assertThat(s.store.use(null, "j", s.clock.instant(), s.clock.instant().plusSeconds(60)))
                .isEqualTo(Verdict.TOO_OLD);
        assertThat(s.store.use(KEY_A, null, s.clock.instant(), s.clock.instant().plusSeconds(60)))
                .isEqualTo(Verdict.TOO_OLD);
        assertThat(s.store.use(KEY_A, "j", java.time.Instant.MIN, java.time.Instant.MAX))
                .isEqualTo(Verdict.TOO_OLD);
    }
}
