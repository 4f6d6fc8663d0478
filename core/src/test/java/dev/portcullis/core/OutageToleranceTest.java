package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When refreshes fail, the last good keys stay in use (up to the outage tolerance): a token whose
 * key is known keeps validating through any failure of the identity provider. Operators hear of
 * an outage once when it starts and once when it ends.
 */
class OutageToleranceTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    /**
     * Timeouts short enough that HANG and SLOW (3 s) fail each refresh quickly, and long enough that
     * the first fetch (the JDK's HTTP client cold, on a loaded 2-core CI machine) does not: at 300 ms
     * it timed out twice in full runs of core's suite under load.
     */
    private void validatorWithShortTimeouts() {
        f.validator(
                b -> b.jwksFetchTimeout(Duration.ofSeconds(1)).jwksConnectTimeout(Duration.ofSeconds(1)),
                b -> b.listener(events));
    }

    @ParameterizedTest
    @EnumSource(
            value = LocalIdp.Failure.class,
            names = {
                "HTTP_500",
                "HTTP_404",
                "GARBAGE",
                "HTML",
                "HANG",
                "DROP_CONNECTION",
                "OVERSIZED",
                "EMPTY_KEYS",
                "DOWN",
                "SLOW"
            })
    void whenIdpFailsAfterKeysWereLoadedThenTokensWithKnownKeysKeepValidating(LocalIdp.Failure failure)
            throws Exception {
        validatorWithShortTimeouts();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(failure);

        f.advance(Duration.ofMinutes(10)); // due: a background refresh starts and fails
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.awaitFetchSettled();
        assertThat(events.count("fetchFailed")).as("%s", events.events()).isEqualTo(1);
        assertThat(f.validate(f.token().build()).isValid()).isTrue();

        int failures = 1;
        for (int hours : new int[] {1, 5, 6, 11}) { // refreshes keep failing, for 23 h in all
            f.advance(Duration.ofHours(hours));
            assertThat(f.validate(f.token().build()).isValid())
                    .as("%d h later, %s", hours, failure)
                    .isTrue();
            f.awaitFetchSettled();
            assertThat(events.count("fetchFailed")).as("%s", events.events()).isEqualTo(++failures);
        }
        assertThat(events.count("outageStarted")).isEqualTo(1);
        assertThat(events.count("fetchSucceeded")).isEqualTo(1);
    }

    @Test
    void whenOutageStartsThenOneWarningWithoutStackTraceAndWhenItEndsOneInfo() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            validatorWithShortTimeouts();
            assertThat(f.validate(f.token().build()).isValid()).isTrue();
            f.idp.failWith(LocalIdp.Failure.HTTP_500);
            f.advance(Duration.ofSeconds(10));
            assertThat(f.validate(f.tokenWithKid("first"))).isInstanceOf(ValidationResult.Unavailable.class);
            assertThat(f.validate(f.token().build()).isValid()).isTrue(); // the known key still works
            for (int i = 0; i < 5; i++) { // five more failed refetches (unknown kids), one per interval
                f.advance(Duration.ofSeconds(10));
                assertThat(f.validate(f.tokenWithKid("new-" + i))).isInstanceOf(ValidationResult.Unavailable.class);
            }
            f.idp.failWith(LocalIdp.Failure.GARBAGE); // another kind of failure, same outage
            f.advance(Duration.ofSeconds(10));
            assertThat(f.validate(f.tokenWithKid("new"))).isInstanceOf(ValidationResult.Unavailable.class);
            assertThat(events.count("fetchFailed")).isEqualTo(7);

            f.idp.recover();
            f.advance(Duration.ofSeconds(10));
            assertThat(f.validate(f.tokenWithKid("new")))
                    .isInstanceOf(ValidationResult.Invalid.class); // fetched: unknown

            assertThat(logs.at(Level.WARNING))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getParameters()).contains("default"));
            assertThat(logs.at(Level.INFO))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getMessage()).contains("fetched again"));
            assertThat(logs.all()).extracting(LogRecord::getThrown).containsOnlyNulls();
        }
        assertThat(events.count("outageStarted")).isEqualTo(1);
        assertThat(events.events())
                .contains(new RecordingListener.Event("outageEnded", "default", Duration.ofSeconds(70)));
    }

    @Test
    void whenOutageToleranceIsConfiguredThenKeysAreDroppedOnlyAfterIt() {
        f.validator(b -> b.jwksOutageTolerance(Duration.ofHours(2)));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        // Keys due at 10 min stay in use for 2 h more.
        f.advance(Duration.ofMinutes(10).plusHours(2).minusSeconds(1));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.advance(Duration.ofSeconds(1));
        ValidationResult result = f.validate(f.token().build());
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        f.idp.recover();
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }
}
