package dev.portcullis.core.introspection;

import dev.portcullis.core.BearerError;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.portcullis.core.introspection.Introspecting.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** With mode jwt, a JWT that validated locally is refused once the provider says it is no longer active. */
class RevokedJwtTest {
    private final Introspecting f = new Introspecting();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenTheProviderSaysActiveThenTheJwtIsAccepted() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.introspection().calls()).isEqualTo(1);
        assertThat(f.validator().metrics().introspection().active()).isEqualTo(1);
    }

    @Test
    void whenRevokedThenRefusedAsRevokedInvalidTokenOnceTheCachedAnswerIsOlderThanTheTtl() {
        String token = f.token().build();
        assertThat(f.validate(token).isValid()).isTrue();
        f.idp.introspection().revoke(token);
        f.advance(Duration.ofSeconds(29));
        assertThat(f.validate(token).isValid())
                .as("within the 30 s TTL the cached answer holds")
                .isTrue();
        f.advance(Duration.ofSeconds(2));
        ValidationResult result = f.validate(token);
        assertThat(reasonOf(result)).isEqualTo(FailureReason.REVOKED);
        assertThat(result.rejection().orElseThrow().status()).isEqualTo(401);
        assertThat(result.rejection().orElseThrow().error()).contains(BearerError.INVALID_TOKEN);
        assertThat(f.validator().metrics().introspection().inactive()).isEqualTo(1);
        assertThat(f.validator().metrics().rejected(FailureReason.REVOKED)).isEqualTo(1);
    }

    @Test
    void whenTheRequestAsksForNoIntrospectionThenARevokedJwtIsStillAccepted() {
        String token = f.token().build();
        f.idp.introspection().revoke(token);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.REVOKED);
        assertThat(f.validator().validate(token, IntrospectionConfig.Mode.OFF).isValid())
                .isTrue();
    }

    @Test
    void whenTheIssuerIsOffButTheRequestAsksForJwtThenTheJwtIsIntrospected() {
        f.validator(b -> b.mode(IntrospectionConfig.Mode.OFF));
        String token = f.token().build();
        f.idp.introspection().revoke(token);
        assertThat(f.validate(token).isValid()).isTrue();
        assertThat(f.idp.introspection().calls()).isZero();
        assertThat(reasonOf(f.validator().validate(token, IntrospectionConfig.Mode.JWT)))
                .isEqualTo(FailureReason.REVOKED);
    }

    @Test
    void whenTheJwtFailsLocallyThenTheProviderIsNotAsked() {
        assertThat(reasonOf(f.validate(f.token().audience("account").build()))).isEqualTo(FailureReason.WRONG_AUDIENCE);
        assertThat(f.idp.introspection().calls()).isZero();
    }

    @Test
    void whenAValidatorHasNoIntrospectionAndARequestAsksForItThenUnavailableNotAccepted() {
        try (var plain = dev.portcullis.core.TokenValidator.builder(f.config().build())
                .clock(f.clock)
                .build()) {
            ValidationResult result = plain.validate(f.token().build(), IntrospectionConfig.Mode.JWT);
            assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
            assertThat(reasonOf(result)).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
        }
    }
}
