package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code iss} is exactly one configured issuer; {@code aud} names a configured audience. */
class IssuerAndAudienceTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenIssuerUnknownThenWrongIssuerBeforeAnyKeyFetch() {
        assertThat(reasonOf(f.validate(f.token().issuer("https://evil.example").build())))
                .isEqualTo(FailureReason.WRONG_ISSUER);
        assertThat(reasonOf(f.validate(f.token().issuer(f.idp.issuer() + "/").build())))
                .isEqualTo(FailureReason.WRONG_ISSUER);
        assertThat(reasonOf(f.validate(f.token().issuer(null).build()))).isEqualTo(FailureReason.WRONG_ISSUER);
        assertThat(reasonOf(f.validate(
                        f.token().claim("iss", List.of(f.idp.issuer())).build())))
                .isEqualTo(FailureReason.WRONG_ISSUER);
        assertThat(f.idp.jwksRequests()).isZero();
    }

    @Test
    void whenAudienceIsAStringOrAnArrayContainingOursThenValid() {
        assertThat(f.validate(f.token().audience("orders-api").build()).isValid())
                .isTrue();
        VerifiedToken t = f.validate(f.token().audience("account", "orders-api").build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.audiences()).containsExactlyInAnyOrder("account", "orders-api");
    }

    @Test
    void whenAudienceIsForAnotherResourceThenWrongAudience() {
        assertThat(reasonOf(f.validate(f.token().audience("account").build()))).isEqualTo(FailureReason.WRONG_AUDIENCE);
        assertThat(reasonOf(f.validate(f.token().audience("account", "billing").build())))
                .isEqualTo(FailureReason.WRONG_AUDIENCE);
        assertThat(reasonOf(f.validate(f.token().audience("Orders-Api").build())))
                .isEqualTo(FailureReason.WRONG_AUDIENCE);
    }

    @Test
    void whenAudienceMissingOrOfAnotherTypeThenWrongAudience() {
        assertThat(reasonOf(f.validate(f.token().audience().build()))).isEqualTo(FailureReason.WRONG_AUDIENCE);
        assertThat(reasonOf(f.validate(f.token().claim("aud", 42).build()))).isEqualTo(FailureReason.WRONG_AUDIENCE);
        assertThat(reasonOf(f.validate(
                        f.token().claim("aud", List.of("orders-api", 7)).build())))
                .isEqualTo(FailureReason.WRONG_AUDIENCE);
    }

    @Test
    void whenAnyAudienceIsExplicitlyAllowedThenAudienceIsNotChecked() {
        f.validator(b -> ValidatorConfig.builder()
                .issuer(f.idp.issuer())
                .anyAudience(true)
                .jwksUri(f.idp.jwksUri()));
        assertThat(f.validate(f.token().audience("account").build()).isValid()).isTrue();
    }

    @Test
    void whenTwoIssuersThenEachTokenIsVerifiedWithItsOwnIssuersKeys() {
        MutableClock clock = f.clock;
        try (LocalIdp other =
                LocalIdp.builder().clock(clock).issuerPath("/realms/partners").start()) {
            other.rotateTo(dev.portcullis.testkit.TestKey.rsaUnique("key-1")); // same kid, different key
            TokenValidator v = TokenValidator.builder(f.config()
                            .addIssuer(IssuerPolicy.builder("partners")
                                    .issuer(other.issuer())
                                    .audiences("orders-api")
                                    .jwksUri(other.jwksUri())
                                    .build())
                            .build())
                    .clock(clock)
                    .build();
            try (v) {
                assertThat(v.validate(f.token().build()).isValid()).isTrue();
                assertThat(v.validate(other.token().build()).isValid()).isTrue();
                // A token of one issuer signed with the other's key: the kid matches, the key does not.
                String crossed = other.token().issuer(f.idp.issuer()).build();
                assertThat(reasonOf(v.validate(crossed))).isEqualTo(FailureReason.BAD_SIGNATURE);
            }
        }
    }
}
