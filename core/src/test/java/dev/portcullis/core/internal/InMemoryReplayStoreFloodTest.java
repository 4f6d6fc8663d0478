package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.portcullis.core.internal.ReplayStoreSupport.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not flushable: a flood of ten times the capacity from one key cannot make an earlier proof of that key acceptable
 * again (the peer's attack: a proof replayed after 1,001 other proofs was accepted), and the flooding client's own
 * fresh proofs are still accepted (not a denial of service by a full store).
 */
class InMemoryReplayStoreFloodTest {
    private static final int CAPACITY = 100;
    private final ReplayStoreSupport s = new ReplayStoreSupport(CAPACITY, 10);

    @Test
    void whenOneKeyFloodsWithFreshProofsThenItsEarlierProofIsNeverAcceptedAgain() {
        Instant capturedAt = s.clock.instant();
        assertThat(s.use(KEY_A, "captured")).isEqualTo(Verdict.FIRST_USE);
        for (int i = 0; i < 10 * CAPACITY; i++) {
            s.clock.advance(Duration.ofMillis(20)); // 1,000 proofs in 20 s, each newer than the last
            assertThat(s.use(KEY_A, "flood-" + i)).as("fresh proof %d", i).isEqualTo(Verdict.FIRST_USE);
            if (i % 50 == 0) {
                assertThat(s.use(KEY_A, "captured", capturedAt)).isIn(Verdict.TOO_OLD, Verdict.REPLAYED);
            }
        }
        assertThat(s.use(KEY_A, "captured", capturedAt)).isEqualTo(Verdict.TOO_OLD);
        assertThat(s.store.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void whenOneKeyFloodsWithinOneSecondThenTheEarlierProofIsStillRemembered() {
        Instant second = s.clock.instant();
        assertThat(s.use(KEY_A, "captured", second)).isEqualTo(Verdict.FIRST_USE);
        int accepted = 0;
        for (int i = 0; i < 10 * CAPACITY; i++) {
            if (s.use(KEY_A, "flood-" + i, second) == Verdict.FIRST_USE) {
                accepted++;
            }
        }
        assertThat(accepted).as("the key's share, less the captured proof").isEqualTo(9);
        assertThat(s.use(KEY_A, "captured", second)).isEqualTo(Verdict.REPLAYED);
        s.clock.advance(Duration.ofSeconds(1));
        assertThat(s.use(KEY_A, "next-second"))
                .as("a fresh proof, a second later")
                .isEqualTo(Verdict.FIRST_USE);
        assertThat(s.use(KEY_A, "captured", second)).isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void whenAnEvictedProofComesBackWithItsOwnIatThenItIsTooOldNotFirstUse() {
        Instant t = s.clock.instant();
        for (int i = 0; i < 10; i++) {
            assertThat(s.use(KEY_A, "p" + i, t.plusMillis(i))).isEqualTo(Verdict.FIRST_USE);
        }
        s.clock.advance(Duration.ofMillis(100));
        assertThat(s.use(KEY_A, "p10")).isEqualTo(Verdict.FIRST_USE); // evicts p0
        for (int i = 0; i < 11; i++) {
            assertThat(s.use(KEY_A, "p" + i, i == 10 ? s.clock.instant() : t.plusMillis(i)))
                    .as("p%d", i)
                    .isNotEqualTo(Verdict.FIRST_USE);
        }
    }
}
