package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads validating while the issuer rotates its key: not one good token is refused (401);
 * within the cooldown after a fetch, tokens of the new key are deferred (503), never refused.
 */
class RotationConcurrencyTest {
    private static final int THREADS = 3;
    private static final int BEFORE = 500;
    private static final int AFTER = 2_000;

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenThreadsValidateThroughARotationThenNoGoodTokenIsRejected() throws Exception {
        TestKey next = TestKey.rsaUnique("key-2");
        String oldToken = f.token().expiresIn(Duration.ofHours(1)).build();
        String newToken =
                f.token().signedWith(next).expiresIn(Duration.ofHours(1)).build();
        assertThat(f.validate(oldToken).isValid()).isTrue();

        Queue<ValidationResult> rejected = new ConcurrentLinkedQueue<>();
        AtomicInteger validated = new AtomicInteger();
        CountDownLatch warmedUp = new CountDownLatch(THREADS);
        CountDownLatch rotated = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < BEFORE; i++) {
                        check(f.validate(oldToken), rejected, validated);
                    }
                    warmedUp.countDown();
                    // Keep validating the old token until the rotation is published.
                    while (!rotated.await(0, TimeUnit.MILLISECONDS)) {
                        check(f.validate(oldToken), rejected, validated);
                    }
                    for (int i = 0; i < AFTER; i++) {
                        check(f.validate(i % 2 == 0 ? newToken : oldToken), rejected, validated);
                    }
                    return null;
                }));
            }
            assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
            f.advance(Duration.ofSeconds(11)); // past the minimum refetch interval
            f.idp.rotateTo(next); // publishes key-2 next to key-1 and signs with it
            rotated.countDown();
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rejected).isEmpty();
        assertThat(validated.get()).isGreaterThanOrEqualTo(THREADS * (BEFORE + AFTER));
        assertThat(f.idp.jwksRequests()).isEqualTo(2); // the first load and one refetch for key-2
    }

    @Test
    void whenTheIssuerRotatesWithinTheCooldownThenNewTokensAreDeferredNeverRefusedThenAccepted() throws Exception {
        TestKey next = TestKey.rsaUnique("key-2");
        String oldToken = f.token().expiresIn(Duration.ofHours(1)).build();
        String newToken =
                f.token().signedWith(next).expiresIn(Duration.ofHours(1)).build();
        assertThat(f.validate(oldToken).isValid()).isTrue(); // the fetch, at T0
        f.advance(Duration.ofSeconds(1));
        f.idp.rotateTo(next); // within the 10 s cooldown of that fetch

        Queue<ValidationResult> refused = new ConcurrentLinkedQueue<>();
        AtomicInteger deferred = new AtomicInteger();
        AtomicInteger validated = new AtomicInteger();
        CountDownLatch duringCooldown = new CountDownLatch(THREADS);
        CountDownLatch cooled = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < BEFORE; i++) {
                        ValidationResult r = f.validate(i % 2 == 0 ? newToken : oldToken);
                        if (r instanceof ValidationResult.Unavailable u
                                && u.failure().reason() == FailureReason.KEY_NOT_YET_FETCHED) {
                            deferred.incrementAndGet();
                        } else {
                            check(r, refused, validated);
                        }
                    }
                    duringCooldown.countDown();
                    assertThat(cooled.await(60, TimeUnit.SECONDS)).isTrue();
                    for (int i = 0; i < AFTER; i++) {
                        check(f.validate(i % 2 == 0 ? newToken : oldToken), refused, validated);
                    }
                    return null;
                }));
            }
            assertThat(duringCooldown.await(60, TimeUnit.SECONDS)).isTrue();
            f.advance(Duration.ofSeconds(9)); // the next fetch is allowed
            cooled.countDown();
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refused).isEmpty();
        assertThat(deferred.get()).isEqualTo(THREADS * BEFORE / 2);
        assertThat(validated.get()).isEqualTo(THREADS * (BEFORE / 2 + AFTER));
        assertThat(f.idp.jwksRequests()).isEqualTo(2); // the first load and one refetch after the cooldown
    }

    private static void check(ValidationResult result, Queue<ValidationResult> rejected, AtomicInteger validated) {
        if (result.isValid()) {
            validated.incrementAndGet();
        } else {
            rejected.add(result);
        }
    }
}
