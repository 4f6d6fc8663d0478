package dev.portcullis.core.introspection;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.portcullis.core.introspection.Introspecting.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers are cached: keyed by a hash of the token, for min(TTL, exp - now), inactive ones too, one call for
 * concurrent lookups of one token.
 */
class IntrospectionCacheTest {
    private final Introspecting f = new Introspecting();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenATokenIsPresentedAgainWithinTheTtlThenTheProviderIsAskedOnce() {
        String token = f.token().build();
        for (int i = 0; i < 10; i++) {
            assertThat(f.validate(token).isValid()).isTrue();
        }
        assertThat(f.idp.introspection().calls()).isEqualTo(1);
        assertThat(f.validator().metrics().introspection().calls()).isEqualTo(1);
        assertThat(f.validator().metrics().introspection().cacheHits()).isEqualTo(9);
    }

    @Test
    void whenTheTtlPassesThenTheProviderIsAskedAgain() {
        f.validator(b -> b.cacheTtl(Duration.ofSeconds(10)));
        String token = f.token().build();
        f.validate(token);
        f.advance(Duration.ofSeconds(9));
        f.validate(token);
        assertThat(f.idp.introspection().calls()).isEqualTo(1);
        f.advance(Duration.ofSeconds(2));
        f.validate(token);
        assertThat(f.idp.introspection().calls()).isEqualTo(2);
    }

    @Test
    void whenTheTokenExpiresBeforeTheTtlThenTheActiveAnswerIsKeptOnlyUntilExp() {
        String token = f.token().expiresIn(Duration.ofSeconds(10)).build();
        assertThat(f.validate(token).isValid()).isTrue();
        f.advance(Duration.ofSeconds(11)); // past exp, within the 60 s leeway: still valid locally
        f.validate(token);
        assertThat(f.idp.introspection().calls())
                .as("the active answer ended at exp")
                .isEqualTo(2);
    }

    @Test
    void whenARevokedTokenFloodsThenTheInactiveAnswerIsCachedToo() {
        String token = f.token().build();
        f.idp.introspection().revoke(token);
        for (int i = 0; i < 100; i++) {
            assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.REVOKED);
        }
        assertThat(f.idp.introspection().calls()).isEqualTo(1);
    }

    @Test
    void whenManyThreadsPresentOneNewTokenAtOnceThenOneCallServesThemAll() throws Exception {
        f.idp.introspection().slowDown(Duration.ofMillis(300));
        String token = f.token().build();
        f.validator().validate(f.token().build(), dev.portcullis.core.IntrospectionConfig.Mode.OFF); // keys loaded
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<ValidationResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return f.validate(token);
                        },
                        pool));
            }
            start.countDown();
            for (CompletableFuture<ValidationResult> r : results) {
                assertThat(r.get().isValid()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.idp.introspection().calls()).isEqualTo(1);
    }

    @Test
    void whenTheCacheIsOffThenEveryPresentationIsAsked() {
        f.validator(b -> b.cacheMaxEntries(0));
        String token = f.token().build();
        f.validate(token);
        f.validate(token);
        assertThat(f.idp.introspection().calls()).isEqualTo(2);
    }
}
