package dev.portcullis.core;

import dev.portcullis.testkit.TokenBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
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
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of tokens naming made-up key ids costs the identity provider at most one fetch per
 * minimum refetch interval, whatever the number of requests and threads and whatever their
 * {@code iat}; each is answered at once: 503 while the key may be newer than the keys at hand, 401
 * once the keys were fetched after the token was issued (issue 27).
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
        f.advance(Duration.ofMillis(1));
        // 10,000 requests from 4 threads while the clock moves just under 1 ms per request: 10 s,
        // the interval, minus 2 ms, so no refetch may be allowed yet. Their iat is T0, so their
        // keys may be newer than the fetch (issue 27): 503 until the next fetch is allowed.
        Map<FailureReason, LongAdder> answers = flood(4, 2_500, Duration.ofNanos(999_800), i -> f.token());
        assertThat(answers).containsOnlyKeys(FailureReason.KEY_NOT_YET_FETCHED);
        assertThat(answers.get(FailureReason.KEY_NOT_YET_FETCHED).sum()).isEqualTo(10_000);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        assertThat(events.count("refetchSuppressed")).isEqualTo(10_000);
    }

    @Test
    void whenTheFloodsTokensWereIssuedBeforeTheFetchThenAllAreUnknownKeyAndNoFetchAtAll() throws Exception {
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // the one fetch, at T0
        f.advance(Duration.ofMillis(1));
        Instant beforeTheFetch = Fixture.T0.minusSeconds(61);
        Map<FailureReason, LongAdder> answers =
                flood(4, 2_500, Duration.ofNanos(999_800), i -> f.token().issuedAt(beforeTheFetch));
        assertThat(answers).containsOnlyKeys(FailureReason.UNKNOWN_KEY);
        assertThat(answers.get(FailureReason.UNKNOWN_KEY).sum()).isEqualTo(10_000);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenRandomKidsWithAttackerChosenIatKeepArrivingThenAtMostOneFetchPerMinimumInterval() throws Exception {
        f.validator(UnaryOperator.identity(), b -> b.listener(events));
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // fetch 1, at T0
        // 10,000 requests over 30 s of moved time (3 ms per request), from 4 threads, each token's
        // iat chosen to make it look as new as possible (now, or up to the leeway ahead), old, or absent.
        Instant[] iats = {
            Fixture.T0, Fixture.T0.plusSeconds(30), Fixture.T0.plusSeconds(90), Fixture.T0.minusSeconds(3_600), null
        };
        Map<FailureReason, LongAdder> answers = flood(
                4,
                2_500,
                Duration.ofMillis(3),
                i -> f.token().issuedAt(iats[i % iats.length]).notBefore(iats[(i + 1) % iats.length]));
        assertThat(answers.keySet()).isSubsetOf(FailureReason.UNKNOWN_KEY, FailureReason.KEY_NOT_YET_FETCHED);
        assertThat(answers.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(10_000);
        // One refetch per 10 s interval that began during the flood: at T0+10 s, T0+20 s and
        // perhaps at T0+30 s, never more, whatever the tokens claim.
        assertThat(f.idp.jwksRequests()).isBetween(3, 4);
        assertThat(events.count("fetchSucceeded")).isEqualTo(f.idp.jwksRequests());
    }

    @Test
    void whenKidIsStillUnknownAfterItsOwnRefetchThenUnknownKeyThenUnavailableUntilTheNextIsAllowed() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofSeconds(10));
        String unknown = f.tokenWithKid("made-up");
        assertThat(reasonOf(f.validate(unknown))).isEqualTo(FailureReason.UNKNOWN_KEY); // refetched for it
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        f.advance(Duration.ofMillis(1));
        for (int second = 0; second < 10; second++) {
            // A later request: its key may have been published since the refetch (issue 27).
            ValidationResult deferred = f.validate(unknown);
            assertThat(reasonOf(deferred)).isEqualTo(FailureReason.KEY_NOT_YET_FETCHED);
            assertThat(((ValidationResult.Unavailable) deferred).retryAfter())
                    .isEqualTo(Duration.ofMillis(9_999 - 999L * second));
            f.advance(Duration.ofMillis(999));
        }
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        f.advance(Duration.ofMillis(9));
        assertThat(reasonOf(f.validate(unknown))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(3);
    }

    /**
     * Validates tokens with random kids and the claims of {@code claims} from several threads, moving
     * the clock a step per request.
     */
    private Map<FailureReason, LongAdder> flood(
            int threads, int perThread, Duration step, IntFunction<TokenBuilder> claims) throws Exception {
        Map<FailureReason, LongAdder> answers = new ConcurrentHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            tokens.add(
                    Fixture.tokenWithKid("random-" + ThreadLocalRandom.current().nextLong(), claims.apply(i)));
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
                        FailureReason reason = result.rejection()
                                .map(ValidationFailure::reason)
                                .orElse(null);
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
