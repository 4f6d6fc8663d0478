package dev.portcullis.jcache;

import dev.portcullis.core.dpop.DpopReplayStore;
import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** A cache that cannot answer makes the store say UNAVAILABLE (503), never FIRST_USE; one log line, no stack trace. */
class JCacheReplayStoreFailClosedTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Logger logger = Logger.getLogger("dev.portcullis.dpop");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private HazelcastMembers member;

    @AfterEach
    void stop() {
        logger.removeHandler(handler);
        if (member != null) {
            member.close();
        }
    }

    @Test
    void whenTheOnlyMemberIsGoneThenEveryProofIsUnavailableAndOneLineIsLogged() {
        logger.addHandler(handler);
        member = new HazelcastMembers("portcullis-replay-fail", 1);
        DpopReplayStore store = JCacheReplayStores.builder(member.cache(0, HazelcastMembers.safeConfig(180)))
                .clock(Clock.systemUTC())
                .build();
        Instant now = Instant.now();
        assertThat(store.use("key", "before", now, now.plusSeconds(60))).isEqualTo(Verdict.FIRST_USE);
        member.members.get(0).getLifecycleService().terminate();
        for (int i = 0; i < 5; i++) {
            assertThat(store.use("key", "after-" + i, now, now.plusSeconds(60))).isEqualTo(Verdict.UNAVAILABLE);
        }
        assertThat(store.use("key", "before", now, now.plusSeconds(60))).isEqualTo(Verdict.UNAVAILABLE);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getThrown()).isNull();
        assertThat(records.get(0).getMessage()).contains("503").doesNotContain("Exception");
    }
}
