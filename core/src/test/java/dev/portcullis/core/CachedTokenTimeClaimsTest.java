package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.portcullis.core.Fixture.T0;
import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remembered token is judged again on the current clock each time it is presented: {@code exp},
 * {@code nbf} and {@code iat} with the leeway, exactly as on its first presentation.
 */
class CachedTokenTimeClaimsTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenCachedTokenReachesExpPlusLeewayThenExpired() {
        String token = f.token().expiresAt(T0.plusSeconds(10)).build();
        VerifiedToken first = f.validate(token).verifiedToken().orElseThrow();
        f.clock.set(T0.plusSeconds(10 + 60 - 1));
        assertThat(f.validate(token).verifiedToken()).containsSame(first);
        f.clock.set(T0.plusSeconds(10 + 60));
        ValidationResult result = f.validate(token);
        assertThat(reasonOf(result)).isEqualTo(FailureReason.EXPIRED);
        assertThat(result.rejection().orElseThrow().detail()).isEqualTo("expired 60 s ago (leeway 60 s)");
    }

    @Test
    void whenClockMovesBackBeforeNbfMinusLeewayThenNotYetValid() {
        String token = f.token().notBefore(T0).build();
        assertThat(f.validate(token).isValid()).isTrue();
        f.clock.set(T0.minusSeconds(60));
        assertThat(f.validate(token).isValid()).isTrue();
        f.clock.set(T0.minusSeconds(61));
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.NOT_YET_VALID);
    }

    @Test
    void whenClockMovesBackBeforeIatMinusLeewayThenIssuedInFuture() {
        String token = f.token().issuedAt(T0).build();
        assertThat(f.validate(token).isValid()).isTrue();
        f.clock.set(T0.minusSeconds(61));
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.ISSUED_IN_FUTURE);
        f.clock.set(T0);
        assertThat(f.validate(token).isValid()).isTrue();
    }
}
