package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys that cannot be had are a server fault, never an invalid token. */
class KeysUnavailableTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = LocalIdp.Failure.class,
            names = {"HTTP_500", "HTTP_404", "GARBAGE", "HTML", "EMPTY_KEYS", "OVERSIZED", "DROP_CONNECTION"})
    void whenIdpFailsBeforeKeysWereEverLoadedThenUnavailableNotInvalid(LocalIdp.Failure failure) {
        f.idp.failWith(failure);
        ValidationResult result = f.validate(f.token().build());
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(reasonOf(result)).isEqualTo(FailureReason.KEYS_UNAVAILABLE);
        assertThat(((ValidationResult.Unavailable) result).retryAfterSeconds()).isBetween(1L, 10L);
    }

    @Test
    void whenIdpHangsThenTheCallerWaitsNoLongerThanTheFetchTimeout() {
        f.validator(b -> b.jwksFetchTimeout(Duration.ofMillis(300)).jwksConnectTimeout(Duration.ofMillis(300)));
        f.idp.failWith(LocalIdp.Failure.HANG);
        long start = System.nanoTime();
        ValidationResult result = f.validate(f.token().build());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void whenIdpIsDownThenFetchesAreRateLimitedNotOnePerRequest() {
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        for (int i = 0; i < 200; i++) {
            assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
        }
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        f.idp.recover();
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void whenIdpGoesDownAfterLoadingThenKnownKeysKeepWorkingAndUnknownKidIsUnavailable() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.advance(Duration.ofHours(2)); // refreshes fail in the background
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofSeconds(11));
        String rotated = f.token()
                .signedWith(dev.portcullis.testkit.TestKey.rsa("key-new"))
                .build();
        ValidationResult result = f.validate(rotated);
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }

    @Test
    void whenOutageOutlastsTheToleranceThenKeysAreUnavailable() {
        f.validator(b -> b.jwksOutageTolerance(Duration.ofHours(1)));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.advance(Duration.ofMinutes(10).plusHours(1).plusSeconds(1));
        assertThat(f.validate(f.token().expiresIn(Duration.ofMinutes(5)).build()))
                .isInstanceOf(ValidationResult.Unavailable.class);
    }

    @Test
    void whenUnavailableThenItIsNotAnInvalidToken() {
        ValidationFailure failure = ValidationFailure.of(FailureReason.KEYS_UNAVAILABLE);
        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure.reason().isServerFault()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ValidationResult.Invalid(failure))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenKidIsUnknownDuringAnOutageThenUnavailableWithinTheFetchTimeout() {
        f.validator(b -> b.jwksFetchTimeout(Duration.ofMillis(300)).jwksConnectTimeout(Duration.ofMillis(300)));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HANG);
        f.advance(Duration.ofSeconds(11));
        for (int i = 0; i < 3; i++) { // the refetch hangs; then the rate limit answers at once
            long start = System.nanoTime();
            ValidationResult result = f.validate(f.tokenWithKid("rotated-" + i));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
            assertThat(millis).isLessThan(1_500);
        }
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // the known key still works
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void whenKeysCannotBeHadThenRetryAfterIsTheTimeUntilTheNextAllowedFetch() {
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        ValidationResult first = f.validate(f.token().build());
        assertThat(((ValidationResult.Unavailable) first).retryAfter()).isEqualTo(Duration.ofSeconds(10));
        f.advance(Duration.ofSeconds(4));
        ValidationResult later = f.validate(f.token().build());
        assertThat(((ValidationResult.Unavailable) later).retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(((ValidationResult.Unavailable) later).retryAfterSeconds()).isEqualTo(6);
        f.advance(Duration.ofSeconds(6)); // a new fetch is allowed, and fails again
        ValidationResult again = f.validate(f.token().build());
        assertThat(((ValidationResult.Unavailable) again).retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }
}
