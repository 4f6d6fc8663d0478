package dev.portcullis.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class MutableClockTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void standsStillAtTheGivenInstantInUtc() {
        MutableClock clock = MutableClock.at(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void advanceMovesForwardAndBackAndReturnsTheNewInstant() {
        MutableClock clock = MutableClock.at(START);

        assertThat(clock.advance(Duration.ofMinutes(10))).isEqualTo(START.plusSeconds(600));
        assertThat(clock.advance(Duration.ofMinutes(-15))).isEqualTo(START.minusSeconds(300));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(300));
    }

    @Test
    void setJumpsToTheGivenInstant() {
        MutableClock clock = MutableClock.at(START);

        clock.set(START.plusSeconds(3600));

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(3600));
    }

    @Test
    void withZoneGivesAViewSharingTheInstant() {
        MutableClock clock = MutableClock.at(START);
        MutableClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.advance(Duration.ofSeconds(5));

        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(START.plusSeconds(5));
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    }

    @Test
    void concurrentAdvancesAreNotLost() throws Exception {
        MutableClock clock = MutableClock.at(START);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(clock.instant()).isEqualTo(START.plusMillis(4000));
    }
}
