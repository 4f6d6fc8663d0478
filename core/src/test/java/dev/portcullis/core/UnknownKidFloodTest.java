package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of tokens naming made-up key ids costs the identity provider at most one fetch per
 * minimum refetch interval, whatever the number of requests and threads; each is answered at once.
 */
class UnknownKidFloodTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenTenThousandRandomKidsArriveWithinOneIntervalThenNoFetchAtAll() throws Exception {
        f.validator(UnaryOperator.identity(), b -> b.listener(events));
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // the one fetch, at T0
        // 10,000 requests from 4 threads while the clock moves 1 ms per request: 10 s, the
        // interval, minus the last step, so no refetch may be allowed yet.
        Map<FailureReason, LongAdder> answers = flood(4, 2_500, Duration.ofNanos(999_900));
        assertThat(answers).containsOnlyKeys(FailureReason.UNKNOWN_KEY);
        assertThat(answers.get(FailureReason.UNKNOWN_KEY).sum()).isEqualTo(10_000);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        assertThat(events.count("refetchSuppressed")).isEqualTo(10_000);
    }

    @Test
    void whenRandomKidsKeepArrivingThenAtMostOneFetchPerMinimumInterval() throws Exception {
        f.validator(UnaryOperator.identity(), b -> b.listener(events));
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // fetch 1, at T0
        // 10,000 requests over 30 s of moved time (3 ms per request), from 4 threads.
        Map<FailureReason, LongAdder> answers = flood(4, 2_500, Duration.ofMillis(3));
        assertThat(answers).containsOnlyKeys(FailureReason.UNKNOWN_KEY);
        // One refetch per 10 s interval that began during the flood: at T0+10 s, T0+20 s and
        // perhaps at T0+30 s, never more.
        assertThat(f.idp.jwksRequests()).isBetween(3, 4);
        assertThat(events.count("fetchSucceeded")).isEqualTo(f.idp.jwksRequests());
    }

    @Test
    void whenKidIsStillUnknownAfterTheRefetchThenItIsAnsweredAtOnceUntilTheNextIsAllowed() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofSeconds(10));
        String unknown = f.tokenWithKid("made-up");
        assertThat(reasonOf(f.validate(unknown))).isEqualTo(FailureReason.UNKNOWN_KEY); // refetched
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        for (int second = 0; second < 10; second++) {
            assertThat(reasonOf(f.validate(unknown))).isEqualTo(FailureReason.UNKNOWN_KEY); // negative answer
            f.advance(Duration.ofMillis(999));
        }
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        f.advance(Duration.ofMillis(10));
        assertThat(reasonOf(f.validate(unknown))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(3);
    }

    /** Validates tokens with random kids from several threads, moving the clock a step per request. */
    private Map<FailureReason, LongAdder> flood(int threads, int perThread, Duration step) throws Exception {
        Map<FailureReason, LongAdder> answers = new ConcurrentHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            tokens.add(f.tokenWithKid("random-" + ThreadLocalRandom.current().nextLong()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> mine = tokens.subList(t * perThread, (t + 1) * perThread);
                done.add(pool.submit(() -> {
                    start.await();
                    for (String token : mine) {
                        f.advance(step);
                        ValidationResult result = f.validate(token);
                        FailureReason reason = result.rejection().map(ValidationFailure::reason).orElse(null);
                        answers.computeIfAbsent(reason == null ? FailureReason.MALFORMED : reason, r -> new LongAdder())
                                .increment();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> d : done) {
                d.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return answers;
    }
}
