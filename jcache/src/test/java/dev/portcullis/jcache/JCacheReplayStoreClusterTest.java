package dev.portcullis.jcache;

import dev.portcullis.core.dpop.DpopReplayStore;
import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two embedded Hazelcast 5.7.0 members in this JVM, one store on each, as two validators behind a load balancer
 * would have: a proof accepted through one is refused through the other, also after a member left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JCacheReplayStoreClusterTest {
    private static final String KEY = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
    private static HazelcastMembers cluster;
    private static DpopReplayStore first;
    private static DpopReplayStore second;

    @BeforeAll
    static void startTwoMembers() {
        cluster = new HazelcastMembers("portcullis-replay-test", 2);
        System.out.println("Hazelcast member start times (ms): " + cluster.startMillis);
        first = store(0);
        second = store(1);
    }

    private static DpopReplayStore store(int member) {
        return JCacheReplayStores.builder(cluster.cache(member, HazelcastMembers.safeConfig(180)))
                .window(Duration.ofSeconds(120))
                .clock(Clock.systemUTC())
                .build();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Verdict use(DpopReplayStore store, String jti) {
        Instant now = Instant.now();
        return store.use(KEY, jti, now, now.plusSeconds(120));
    }

    @Test
    @Order(1)
    void whenBothMembersRunThenTheClusterHasTwoAndStartedQuickly() {
        assertThat(cluster.members.get(1).getCluster().getMembers()).hasSize(2);
        assertThat(cluster.startMillis).allSatisfy(ms -> assertThat(ms).isLessThan(15_000));
    }

    @Test
    @Order(2)
    void whenAProofWasAcceptedThroughTheFirstMemberThenTheSecondRefusesItsReplay() {
        assertThat(use(first, "proof-1")).isEqualTo(Verdict.FIRST_USE);
        assertThat(use(second, "proof-1")).isEqualTo(Verdict.REPLAYED);
        assertThat(use(first, "proof-1")).isEqualTo(Verdict.REPLAYED);
        assertThat(use(second, "proof-2")).isEqualTo(Verdict.FIRST_USE);
        assertThat(use(first, "proof-2")).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    @Order(3)
    void whenAMemberLeavesThenNoReplayIsAcceptedSilently() {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 500; i++) { // spread over the partitions, so that the leaving member owned about half
            String jti = "before-leaving-" + i;
            assertThat(use(first, jti)).isEqualTo(Verdict.FIRST_USE);
            accepted.add(jti);
        }
        cluster.members.get(0).shutdown();
        for (String jti : accepted) {
            assertThat(use(second, jti)).as(jti).isIn(Verdict.REPLAYED, Verdict.UNAVAILABLE);
        }
        assertThat(use(second, "after-leaving")).isEqualTo(Verdict.FIRST_USE);
        assertThat(use(first, "proof-through-the-stopped-member")).isEqualTo(Verdict.UNAVAILABLE);
    }
}
