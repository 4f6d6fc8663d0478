package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;

import static dev.portcullis.core.Fixture.reasonOf;
import static dev.portcullis.core.KeySetListener.FailureKind.HTTP_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

/** Listeners hear of fetches, outages, refused refetches and key changes; a faulty one harms nothing. */
class KeySetListenerTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    private static RecordingListener.Event event(String type, Object detail) {
        return new RecordingListener.Event(type, "default", detail);
    }

    @Test
    void whenKeysAreFetchedRotatedRefusedAndLostThenListenersHearEachEventInOrder() {
        f.validator(UnaryOperator.identity(), b -> b.listener(events));

        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(events.events()).containsExactly(event("fetchSucceeded", 1), event("keySetChanged", "+[key-1] -[]"));
        events.clear();

        TestKey next = f.idp.rotate();
        f.idp.retire("key-1");
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().signedWith(next).build()).isValid()).isTrue();
        assertThat(events.events())
                .containsExactly(event("fetchSucceeded", 1), event("keySetChanged", "+[key-2] -[key-1]"));
        events.clear();

        f.advance(Duration.ofSeconds(4));
        // within the cooldown, a fresh token's key may be newer than the keys: 503 (issue 27)
        assertThat(reasonOf(f.validate(f.tokenWithKid("made-up")))).isEqualTo(FailureReason.KEY_NOT_YET_FETCHED);
        assertThat(events.events()).containsExactly(event("refetchSuppressed", Duration.ofSeconds(6)));
        events.clear();

        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.advance(Duration.ofSeconds(6));
        assertThat(f.validate(f.tokenWithKid("made-up"))).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(events.events())
                .containsExactly(event("fetchFailed", HTTP_STATUS), event("outageStarted", HTTP_STATUS));
        events.clear();

        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.tokenWithKid("made-up"))).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(events.events()).containsExactly(event("fetchFailed", HTTP_STATUS)); // same outage
        events.clear();

        f.idp.recover();
        f.advance(Duration.ofSeconds(10));
        assertThat(reasonOf(f.validate(f.tokenWithKid("made-up")))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(events.events())
                .containsExactly(
                        event("fetchSucceeded", 1),
                        event("outageEnded", Duration.ofSeconds(20))); // same key ids: no change reported
    }

    @Test
    void whenAListenerThrowsThenValidationIsUnharmedOtherListenersStillHearAndItIsLoggedOnce() {
        AtomicInteger calls = new AtomicInteger();
        KeySetListener faulty = new KeySetListener() {
            @Override
            public void fetchSucceeded(String issuerName, int keyCount, Duration duration) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void keySetChanged(String issuerName, Set<String> added, Set<String> removed) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void refetchSuppressed(String issuerName, Duration retryAfter) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }
        };
        try (LogCapture logs = new LogCapture()) {
            f.validator(UnaryOperator.identity(), b -> b.listener(faulty).listener(events));
            assertThat(f.validate(f.token().build()).isValid()).isTrue();
            f.idp.rotate();
            f.advance(Duration.ofSeconds(10));
            assertThat(f.validate(f.token().build()).isValid()).isTrue();
            assertThat(reasonOf(f.validate(f.tokenWithKid("made-up")))).isEqualTo(FailureReason.UNKNOWN_KEY);

            assertThat(calls.get()).isEqualTo(5);
            assertThat(events.count("fetchSucceeded")).isEqualTo(2);
            assertThat(events.count("keySetChanged")).isEqualTo(2);
            assertThat(events.count("refetchSuppressed")).isEqualTo(1);
            assertThat(logs.at(Level.WARNING)).singleElement().satisfies(r -> {
                assertThat(r.getMessage()).contains("listener");
                assertThat(r.getThrown()).isNull();
            });
        }
    }
}
