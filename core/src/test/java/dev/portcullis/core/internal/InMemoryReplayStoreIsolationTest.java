package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.portcullis.core.internal.ReplayStoreSupport.KEY_A;
import static dev.portcullis.core.internal.ReplayStoreSupport.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

/** Keyed per client: a flood from client A neither evicts client B's proofs nor refuses B's fresh ones. */
class InMemoryReplayStoreIsolationTest {
    private final ReplayStoreSupport s = new ReplayStoreSupport(100, 10);

    @Test
    void whenClientAFloodsThenClientBsProofsStayRememberedAndItsFreshProofsAreAccepted() {
        Instant bIssued = s.clock.instant();
        for (int i = 0; i < 5; i++) {
            assertThat(s.use(KEY_B, "b-" + i)).isEqualTo(Verdict.FIRST_USE);
        }
        for (int i = 0; i < 2_000; i++) {
            s.clock.advance(Duration.ofMillis(5));
            s.use(KEY_A, "a-" + i);
            s.use(KEY_A, "a-same-second-" + i, bIssued);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(s.use(KEY_B, "b-" + i, bIssued)).as("B's proof %d", i).isEqualTo(Verdict.REPLAYED);
        }
        assertThat(s.use(KEY_B, "b-fresh")).isEqualTo(Verdict.FIRST_USE);
        assertThat(s.use(KEY_B, "b-as-old-as-the-others", bIssued)).isEqualTo(Verdict.FIRST_USE);
    }

    @Test
    void whenManyClientsFillTheStoreThenAClientBelowItsShareKeepsItsProofs() {
        Instant bIssued = s.clock.instant();
        assertThat(s.use(KEY_B, "b")).isEqualTo(Verdict.FIRST_USE);
        for (int i = 0; i < 5_000; i++) {
            s.clock.advance(Duration.ofMillis(5));
            s.use("flooder-" + (i % 20), "f-" + i);
        }
        assertThat(s.store.size()).isLessThanOrEqualTo(100);
        assertThat(s.use(KEY_B, "b", bIssued)).isEqualTo(Verdict.REPLAYED);
        assertThat(s.use(KEY_B, "b-fresh")).isEqualTo(Verdict.FIRST_USE);
    }
}
