package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys are refreshed after the publisher's {@code Cache-Control: max-age}, clamped to
 * [1 min, 24 h], or else after the configured refresh interval.
 */
class CacheControlTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** Loads the keys, then checks that no refresh starts before {@code after} and one starts then. */
    private void assertRefreshedAfter(Duration after) {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        f.advance(after.minusSeconds(1));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.awaitJwksRequests(2, Duration.ofMillis(200)))
                .as("refreshed before %s", after)
                .isFalse();
        f.advance(Duration.ofSeconds(1));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.awaitJwksRequests(2, Duration.ofSeconds(5)))
                .as("refreshed at %s", after)
                .isTrue();
    }

    @Test
    void whenMaxAgeIsSixtySecondsThenKeysAreRefreshedAfterSixtySeconds() {
        f.idp.cacheControl("public, max-age=60");
        assertRefreshedAfter(Duration.ofSeconds(60));
    }

    @Test
    void whenMaxAgeIsFiveSecondsThenItIsClampedToOneMinute() {
        f.idp.cacheControl("max-age=5");
        assertRefreshedAfter(Duration.ofMinutes(1));
    }

    @Test
    void whenMaxAgeIsHugeThenItIsClampedToTwentyFourHours() {
        f.idp.cacheControl("max-age=31536000");
        assertRefreshedAfter(Duration.ofHours(24));
    }

    @Test
    void whenMaxAgeIsBeyondALongThenItIsClampedToTwentyFourHours() {
        f.idp.cacheControl("max-age=99999999999999999999999");
        assertRefreshedAfter(Duration.ofHours(24));
    }

    @Test
    void whenThereIsNoMaxAgeThenTheConfiguredRefreshIntervalApplies() {
        f.idp.cacheControl("no-transform");
        f.validator(b -> b.jwksRefreshInterval(Duration.ofMinutes(3)));
        assertRefreshedAfter(Duration.ofMinutes(3));
    }
}
