package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** An unknown {@code kid} causes one refetch, rate-limited and shared; then the new key is used. */
class KeyRotationTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenIssuerRotatesThenNewKidIsAcceptedAfterExactlyOneRefetch() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        String oldToken = f.token().build();
        f.idp.rotate();
        f.advance(Duration.ofSeconds(11));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        assertThat(f.validate(oldToken).isValid()).isTrue();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void whenKidStaysUnknownAfterRefetchThenUnknownKeyAndNoFurtherFetchWithinInterval() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofSeconds(11));
        TestKey stranger = TestKey.rsa("stranger");
        assertThat(reasonOf(f.validate(f.token().signedWith(stranger).build()))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        f.advance(Duration.ofMillis(1));
        // Issued before that fetch (beyond the leeway): known to be unknown, answered at once (issue 27).
        Instant beforeTheFetch = f.clock.instant().minusSeconds(62);
        for (int i = 0; i < 1_000; i++) {
            String token = f.token()
                    .signedWith(TestKey.rsa("random-" + UUID.randomUUID()))
                    .issuedAt(beforeTheFetch)
                    .build();
            assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNKNOWN_KEY);
        }
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        f.advance(Duration.ofSeconds(10));
        assertThat(reasonOf(f.validate(f.token().signedWith(stranger).build()))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(3);
    }

    @Test
    void whenRotationHappensRightAfterAFetchThenNewKidIsUnavailableForTheIntervalThenWorks() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofSeconds(1));
        f.idp.rotate();
        String fresh = f.token().build();
        // Issue 27: not UNKNOWN_KEY (401) but 503 until the next fetch is allowed.
        ValidationResult deferred = f.validate(fresh);
        assertThat(reasonOf(deferred)).isEqualTo(FailureReason.KEY_NOT_YET_FETCHED);
        assertThat(((ValidationResult.Unavailable) deferred).retryAfter()).isEqualTo(Duration.ofSeconds(9));
        f.advance(Duration.ofSeconds(9));
        assertThat(f.validate(fresh).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void whenRefreshIntervalPassesThenKeysAreRefreshedInTheBackground() throws Exception {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofMinutes(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // served from cache, refresh starts
        assertThat(f.idp.awaitJwksRequests(2, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void whenKeyRetiredThenItsTokensFailAfterTheNextRefresh() throws Exception {
        String old = f.token().build();
        assertThat(f.validate(old).isValid()).isTrue();
        TestKey next = f.idp.rotate();
        f.idp.retire("key-1");
        f.advance(Duration.ofMinutes(10));
        f.validate(f.token().signedWith(next).build()); // triggers the background refresh or the refetch
        assertThat(f.idp.awaitJwksRequests(2, Duration.ofSeconds(5))).isTrue();
        f.advance(Duration.ofSeconds(11));
        ValidationResult result = f.validate(old);
        for (int i = 0; i < 50 && result.isValid(); i++) {
            Thread.onSpinWait();
            result = f.validate(old);
        }
        assertThat(reasonOf(result)).isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenKidUnknownThenOneRefetchServesAllWaiters() throws Exception {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.rotate();
        f.advance(Duration.ofSeconds(11));
        String fresh = f.token().build();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ValidationResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return f.validate(fresh);
                }));
            }
            start.countDown();
            for (Future<ValidationResult> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS).isValid()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }
}
