package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.portcullis.core.internal.ReplayStoreSupport.KEY_A;
import static dev.portcullis.core.internal.ReplayStoreSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A proof is forgotten when its window has passed, and answered TOO_OLD from then on, never accepted again. */
class InMemoryReplayStoreExpiryTest {
    private final ReplayStoreSupport s = new ReplayStoreSupport(1000, 100);

    @Test
    void whenTheWindowHasPassedThenTheEntryIsGoneAndTheProofIsTooOld() {
        assertThat(s.use(KEY_A, "old")).isEqualTo(Verdict.FIRST_USE);
        s.clock.advance(Duration.ofSeconds(61));
        assertThat(s.use(KEY_A, "fresh")).isEqualTo(Verdict.FIRST_USE);
        assertThat(s.store.size()).as("the expired proof was forgotten").isEqualTo(1);
        assertThat(s.use(KEY_A, "old", T0)).isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void whenExpiresAtIsBeforeTheWindowThenTheProofIsTooOldFromThen() {
        assertThat(s.store.use(KEY_A, "short", T0, T0.plusSeconds(10))).isEqualTo(Verdict.FIRST_USE);
        s.clock.advance(Duration.ofSeconds(10));
        assertThat(s.store.use(KEY_A, "short-2", T0, T0.plusSeconds(10))).isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void whenExpiresAtIsAfterTheWindowThenTheWindowStillBoundsIt() {
        assertThat(s.store.use(KEY_A, "long", T0, T0.plusSeconds(3600))).isEqualTo(Verdict.FIRST_USE);
        s.clock.advance(Duration.ofSeconds(60));
        assertThat(s.store.use(KEY_A, "long", T0, T0.plusSeconds(3600))).isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void whenAKeyFallsSilentThenItsPartitionIsDroppedOnceItsProofsExpired() {
        ReplayStoreSupport small = new ReplayStoreSupport(10, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(small.use("key-" + i, "j")).isEqualTo(Verdict.FIRST_USE);
        }
        small.clock.advance(Duration.ofSeconds(61));
        assertThat(small.use("another", "j")).isEqualTo(Verdict.FIRST_USE);
        assertThat(small.store.size()).isEqualTo(1);
        assertThat(small.store.partitions()).isEqualTo(1);
    }
}
