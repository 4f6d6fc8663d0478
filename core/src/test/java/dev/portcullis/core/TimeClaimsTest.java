package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.portcullis.core.Fixture.T0;
import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code exp} (required), {@code nbf} and {@code iat} with the clock-skew leeway (default 60 s).
 * A token is valid while now &lt; exp + leeway (RFC 7519: the current time must be before exp).
 */
class TimeClaimsTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenExpMissingThenMissingClaim() {
        assertThat(reasonOf(f.validate(f.token().claim("exp", null).build()))).isEqualTo(FailureReason.MISSING_CLAIM);
    }

    @Test
    void whenExpNotANumberThenMalformed() {
        assertThat(reasonOf(f.validate(f.token().claim("exp", "2030-01-01").build())))
                .isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenOneSecondBeforeExpPlusLeewayThenValid() {
        String token = f.token().expiresAt(T0.plusSeconds(10)).build();
        f.clock.set(T0.plusSeconds(10 + 60 - 1));
        assertThat(f.validate(token).isValid()).isTrue();
    }

    @Test
    void whenExactlyAtExpPlusLeewayThenExpired() {
        String token = f.token().expiresAt(T0.plusSeconds(10)).build();
        f.clock.set(T0.plusSeconds(10 + 60));
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.EXPIRED);
    }

    @Test
    void whenOneSecondPastExpPlusLeewayThenExpiredWithDetail() {
        String token = f.token().expiresAt(T0.plusSeconds(10)).build();
        f.clock.set(T0.plusSeconds(10 + 60 + 1));
        ValidationResult result = f.validate(token);
        assertThat(reasonOf(result)).isEqualTo(FailureReason.EXPIRED);
        assertThat(result.rejection().orElseThrow().detail()).isEqualTo("expired 61 s ago (leeway 60 s)");
    }

    @Test
    void whenLeewayConfiguredThenItMovesTheEdge() {
        f.validator(b -> b.clockSkew(Duration.ZERO));
        String token = f.token().expiresAt(T0.plusSeconds(10)).build();
        f.clock.set(T0.plusSeconds(9));
        assertThat(f.validate(token).isValid()).isTrue();
        f.clock.set(T0.plusSeconds(10));
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.EXPIRED);
    }

    @Test
    void whenNbfWithinLeewayThenValidAndBeyondThenNotYetValid() {
        assertThat(f.validate(f.token().notBefore(T0.plusSeconds(60)).build()).isValid())
                .isTrue();
        assertThat(reasonOf(f.validate(f.token().notBefore(T0.plusSeconds(61)).build())))
                .isEqualTo(FailureReason.NOT_YET_VALID);
    }

    @Test
    void whenIatInTheFutureBeyondLeewayThenIssuedInFuture() {
        assertThat(f.validate(f.token().issuedAt(T0.plusSeconds(60)).build()).isValid())
                .isTrue();
        assertThat(reasonOf(f.validate(f.token().issuedAt(T0.plusSeconds(61)).build())))
                .isEqualTo(FailureReason.ISSUED_IN_FUTURE);
    }

    @Test
    void whenTimeClaimsAreFractionalOrHugeThenTheyAreJudgedWithoutOverflow() {
        assertThat(f.validate(f.token().claim("exp", T0.getEpochSecond() + 30.5).build())
                        .isValid())
                .isTrue();
        assertThat(f.validate(f.token().claim("exp", Long.MAX_VALUE).build()).isValid())
                .isTrue();
        assertThat(f.validate(f.token().claim("exp", 1e300).build()).isValid()).isTrue();
        assertThat(reasonOf(f.validate(f.token().claim("exp", -1).build()))).isEqualTo(FailureReason.EXPIRED);
        assertThat(reasonOf(f.validate(f.token().claim("exp", Long.MIN_VALUE).build())))
                .isEqualTo(FailureReason.EXPIRED);
        assertThat(reasonOf(f.validate(f.token().claim("nbf", Long.MAX_VALUE).build())))
                .isEqualTo(FailureReason.NOT_YET_VALID);
        assertThat(reasonOf(f.validate(f.token().claim("iat", "yesterday").build())))
                .isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(f.token().claim("nbf", true).build()))).isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenVerifiedThenExpiryAndIssuedAtAreExposed() {
        VerifiedToken t = f.validate(f.token().build()).verifiedToken().orElseThrow();
        assertThat(t.expiresAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(t.issuedAt()).contains(T0);
    }
}
