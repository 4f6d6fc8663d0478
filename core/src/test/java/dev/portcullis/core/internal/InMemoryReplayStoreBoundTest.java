package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays bounded however many keys and proofs arrive, and what the bound makes it forget is never accepted
 * again.
 */
class InMemoryReplayStoreBoundTest {
    private final ReplayStoreSupport s = new ReplayStoreSupport(500, 50);

    @Test
    void whenThirtyThousandProofsOfThreeThousandKeysArriveThenAtMostTheCapacityIsRemembered() {
        List<Instant> issued = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            if (i % 100 == 0) {
                s.clock.advance(Duration.ofMillis(50));
            }
            issued.add(s.clock.instant());
            assertThat(s.use("key-" + (i % 3_000), "jti-" + i)).isEqualTo(Verdict.FIRST_USE);
            if (i % 997 == 0) {
                assertThat(s.store.size()).isLessThanOrEqualTo(500);
                assertThat(s.store.partitions()).isLessThanOrEqualTo(501);
            }
        }
        assertThat(s.store.size()).isLessThanOrEqualTo(500);
        assertThat(s.store.partitions()).isLessThanOrEqualTo(501);
        for (int i = 0; i < 30_000; i += 7) {
            assertThat(s.use("key-" + (i % 3_000), "jti-" + i, issued.get(i)))
                    .as("proof %d", i)
                    .isNotEqualTo(Verdict.FIRST_USE);
        }
    }
}
