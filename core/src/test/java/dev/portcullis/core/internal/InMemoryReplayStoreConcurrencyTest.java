package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.portcullis.core.internal.ReplayStoreSupport.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

/** One proof used by eight threads at once is accepted exactly once. */
class InMemoryReplayStoreConcurrencyTest {

    @RepeatedTest(20)
    void whenEightThreadsUseOneProofAtOnceThenExactlyOneIsAccepted() throws Exception {
        ReplayStoreSupport s = new ReplayStoreSupport(1_000, 100);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                verdicts.add(pool.submit(() -> {
                    start.await();
                    return s.use(KEY_A, "contended");
                }));
            }
            start.countDown();
            List<Verdict> all = new ArrayList<>();
            for (Future<Verdict> f : verdicts) {
                all.add(f.get());
            }
            assertThat(all).filteredOn(v -> v == Verdict.FIRST_USE).hasSize(1);
            assertThat(all).filteredOn(v -> v == Verdict.REPLAYED).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
    }
}
