package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys due for refresh are refreshed in the background by one fetch; requests keep being answered
 * with the cached keys meanwhile and never wait for it.
 */
class RefreshAheadTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenKeysAreDueAndTheIdpHangsThenRequestsAreAnsweredAtOnceFromTheCache() throws Exception {
        f.validator(UnaryOperator.identity(), b -> b.listener(events)); // fetch timeout 5 s
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HANG);
        f.advance(Duration.ofMinutes(10));

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(f.validate(f.token().build()).isValid()).isTrue();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("100 validations while the refresh hangs").isLessThan(3_000);

        assertThat(f.idp.awaitJwksRequests(2, Duration.ofSeconds(5))).isTrue(); // the refresh went out
        assertThat(f.idp.jwksRequests()).isEqualTo(2); // and only one, for all 100 requests
        f.idp.recover(); // the hung request is answered now
        assertThat(events.await("fetchSucceeded", 2, Duration.ofSeconds(5))).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void whenTheBackgroundRefreshBringsARotatedKeyThenItIsUsedWithoutAnotherFetch() throws Exception {
        f.validator(UnaryOperator.identity(), b -> b.listener(events));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        TestKey next = f.idp.rotate();
        f.advance(Duration.ofMinutes(10));
        String old = f.token().signedWith(f.idp.publishedKeys().get(0)).build();
        assertThat(f.validate(old).isValid()).isTrue(); // answered from the cache; starts the refresh
        assertThat(events.await("keySetChanged", 2, Duration.ofSeconds(5))).isTrue();
        assertThat(events.events()).contains(new RecordingListener.Event("keySetChanged", "default", "+[key-2] -[]"));
        assertThat(f.validate(f.token().signedWith(next).build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void whenKeysAreNotDueThenNoRefreshIsMade() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.awaitJwksRequests(2, Duration.ofMillis(200))).isFalse();
    }

    @Test
    void whenTheBackgroundRefreshFailsThenTheCachedKeysStayAndItIsRetriedAfterTheMinimumInterval() throws Exception {
        f.validator(UnaryOperator.identity(), b -> b.listener(events));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.advance(Duration.ofMinutes(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(events.await("fetchFailed", 1, Duration.ofSeconds(5))).isTrue();
        for (int i = 0; i < 9; i++) { // still due, but the next try is only allowed 10 s later
            f.advance(Duration.ofSeconds(1));
            assertThat(f.validate(f.token().build()).isValid()).isTrue();
        }
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        assertThat(events.count("refetchSuppressed")).isZero(); // refresh-ahead never knocks on a closed door
        f.awaitFetchSettled();
        f.idp.recover();
        f.advance(Duration.ofSeconds(1));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(events.await("fetchSucceeded", 2, Duration.ofSeconds(5))).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(3);
        assertThat(reasonOf(f.validate(f.tokenWithKid("made-up")))).isEqualTo(FailureReason.UNKNOWN_KEY);
    }
}
