package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several trusted issuers, a token is routed by its {@code iss} to exactly one issuer's keys;
 * the key sets never mix, and an untrusted {@code iss} is refused before any key is fetched.
 */
class SeveralIssuersTest {
    private final Fixture f = new Fixture();
    private final LocalIdp partners =
            LocalIdp.builder().clock(f.clock).issuerPath("/realms/partners").start();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
        partners.close();
    }

    private void trustBoth() {
        partners.rotateTo(TestKey.rsaUnique("key-1")); // the same kid as the other issuer's, another key
        partners.resetCounters();
        f.validator(
                b -> b.addIssuer(IssuerPolicy.builder("partners")
                        .issuer(partners.issuer())
                        .audiences("orders-api")
                        .jwksUri(partners.jwksUri())
                        .build()),
                b -> b.listener(events));
    }

    @Test
    void whenTwoIssuersPublishTheSameKidThenEachTokenVerifiesOnlyWithItsIssuersKey() {
        trustBoth();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.validate(partners.token().build()).isValid()).isTrue();
        // Signed by one issuer's key-1, claiming to come from the other.
        assertThat(reasonOf(f.validate(partners.token().issuer(f.idp.issuer()).build())))
                .isEqualTo(FailureReason.BAD_SIGNATURE);
        assertThat(reasonOf(f.validate(f.token().issuer(partners.issuer()).build())))
                .isEqualTo(FailureReason.BAD_SIGNATURE);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        assertThat(partners.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenOneIssuerRotatesThenOnlyItsKeysAreRefetchedAndTheNewKeyServesOnlyIt() {
        trustBoth();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.validate(partners.token().build()).isValid()).isTrue();
        TestKey partnersNext = partners.rotate();
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(partners.token().build()).isValid()).isTrue();
        assertThat(partners.jwksRequests()).isEqualTo(2);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        // The partners' new key does not exist for the other issuer, whose refetch finds no such kid.
        assertThat(reasonOf(f.validate(f.token().signedWith(partnersNext).build())))
                .isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        assertThat(partners.jwksRequests()).isEqualTo(2);
        assertThat(events.events())
                .contains(
                        new RecordingListener.Event("keySetChanged", "partners", "+[key-2] -[]"),
                        new RecordingListener.Event("keySetChanged", "default", "+[key-1] -[]"));
    }

    @Test
    void whenIssuerIsUntrustedThenNoIdentityProviderIsAskedForKeys() {
        trustBoth();
        for (String iss : new String[] {
            "https://evil.example/realms/test",
            f.idp.issuer() + "/",
            partners.issuer().toUpperCase(java.util.Locale.ROOT),
            ""
        }) {
            assertThat(reasonOf(f.validate(f.token().issuer(iss).build()))).isEqualTo(FailureReason.WRONG_ISSUER);
        }
        assertThat(reasonOf(f.validate(f.token().issuer(null).build()))).isEqualTo(FailureReason.WRONG_ISSUER);
        assertThat(reasonOf(f.validate(partners.token()
                        .issuer("https://evil.example")
                        .header("kid", "made-up")
                        .build())))
                .isEqualTo(FailureReason.WRONG_ISSUER);
        assertThat(f.idp.jwksRequests()).isZero();
        assertThat(partners.jwksRequests()).isZero();
        assertThat(f.idp.discoveryRequests() + partners.discoveryRequests()).isZero();
    }
}
